"""Submit an admin form as a browser would: every field the page renders, with its value.

A browser sends a textarea's line breaks as CRLF (the HTML standard's form submission), drops the
newline that follows `<textarea>`, sends checked checkboxes only and a select's selected options.
Tests that post a hand-made dictionary miss exactly the differences that make phantom changes.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_chosen: list[str] = []
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_chosen, self._select_first = name, [], None
            self._multiple = "multiple" in a
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def _close_option(self):
        option, self._option = self._option, None
        if option is None:
            return
        value = option["value"] if option["value"] is not None else "".join(option["text"])
        if self._select_first is None:
            self._select_first = value
        if option["selected"]:
            self._select_chosen.append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            text = text.removeprefix("\r\n").removeprefix("\n")
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            chosen = self._select_chosen
            if not chosen and not self._multiple and self._select_first is not None:
                chosen = [self._select_first]
            self.fields += [(self._select, value) for value in chosen]
            self._select = None


def browser_form(html: str, form_id: str) -> dict[str, str | list[str]]:
    """The data a browser would send for the form `form_id` on the page, as the test client
    takes it (a list where a name repeats)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.fields:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    assert data, f"no form #{form_id} on the page"
    return data


def submit_untouched(client, url: str, form_id: str, **changes):
    """GET the admin page, then POST its form back as a browser would, with `changes`."""
    page = client.get(url)
    assert page.status_code == 200
    data = browser_form(page.text, form_id)
    data.update(changes)
    data["_save"] = "Save"
    return client.post(url, data)
