"""Content releases: bring a live database up to the release in fixtures/ without trampling editors.

The release is the fixture file (Django's JSON format, so `loaddata` still reads it). Rows are
matched by natural keys (slugs, or a parent and a title), never by primary key, so rows an editor
added never collide with new release rows.

For every field, a three-way comparison decides (B is the release last applied, kept in
`ContentRelease.content`; D is the database; R is the new release):
- D equals R: nothing to do;
- D equals B: nobody changed it since the last release, so it takes R;
- otherwise an editor changed it: the editor's value stays and the field is listed as a conflict.
A field B lacks (a migration added it after that release) takes R: no release filled it before.
Many-to-many links merge the same way, link by link. A row the release drops is deleted when it
is unchanged, and retired instead when learners can point to it (skills, certifications, project
ideas, degrees; a role is unpublished). A row an editor added is never touched.

Before the first sync (a database filled by `loaddata`) there is no baseline: a row then counts as
untouched when its history (django-simple-history) holds no entry an editor made (entries
without a user come from loaddata). Every save made here carries the history change reason
"content release <id>", so the learners' "what changed" can name the release.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import models, transaction
from django.db.models import ProtectedError

from roles.cache import bump_generation
from roles.models import ContentRelease

REASON_PREFIX = "content release "


@dataclass(frozen=True)
class Spec:
    """How one content model is matched and retired."""

    label: str
    key: tuple[str, ...]
    m2m: tuple[str, ...] = ()
    late: tuple[str, ...] = ()  # self-referencing foreign keys, set once every row exists
    retire: tuple[str, bool] | None = None  # (field, value meaning retired)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


SPECS = (
    Spec("roles.industry", ("slug",)),
    Spec("roles.skillcategory", ("slug",)),
    Spec(
        "roles.role", ("slug",), m2m=("industries", "related_roles"), retire=("is_published", False)
    ),
    Spec("roles.skill", ("slug",), m2m=("prerequisites",), retire=("is_retired", True)),
    Spec(
        "roles.certification",
        ("slug",),
        m2m=("roles",),
        late=("successor",),
        retire=("is_retired", True),
    ),
    Spec("roles.responsibility", ("role", "title")),
    Spec("roles.lifecyclestage", ("role", "title")),
    Spec("roles.marketfigure", ("role", "label")),
    Spec("roles.resource", ("skill", "url")),
    Spec("roles.requirement", ("role", "skill")),
    Spec("roles.certificationskill", ("certification", "skill")),
    Spec("roles.educationpath", ("slug",), m2m=("roles",), retire=("is_retired", True)),
    Spec("roles.projectidea", ("slug",), m2m=("roles",), retire=("is_retired", True)),
    Spec("roles.projectideaskill", ("idea", "skill")),
    Spec("roles.experienceroute", ("slug",), m2m=("roles",)),
    Spec("roles.faqentry", ("role", "question")),
)
SPEC_BY_LABEL = {spec.label: spec for spec in SPECS}
SKIPPED_FIELDS = {"id", "updated_at"}


@dataclass
class Report:
    release_id: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated) + len(self.removed) + len(self.retired)

    def lines(self) -> list[str]:
        out = [
            f"content release {self.release_id}: {len(self.created)} added, "
            f"{len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.retired)} retired, {len(self.conflicts)} editor changes kept"
        ]
        out += [f"  added {x}" for x in self.created]
        out += [f"  updated {x}" for x in self.updated]
        out += [f"  removed {x}" for x in self.removed]
        out += [f"  retired {x}" for x in self.retired]
        out += [f"  kept editor's change: {x}" for x in self.conflicts]
        return out


def release_id_of(path: Path) -> str:
    """A release's id: the start of the SHA-256 of its fixture file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _scalar_fields(model) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS and not f.primary_key
    ]


def _plain(f: models.Field, value):
    """A JSON-friendly form of a field value, the same for fixture and database values."""
    if value is None:
        return None
    value = f.to_python(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _dump_key(key: tuple) -> str:
    return json.dumps(list(key))


def _load_key(text: str) -> tuple:
    return tuple(tuple(k) if isinstance(k, list) else k for k in json.loads(text))


class _Keys:
    """Natural keys of every content row, by model label and primary key (database side)."""

    def __init__(self):
        self.by_pk: dict[str, dict[int, tuple]] = {}
        self.pk_by_key: dict[str, dict[tuple, int]] = {}

    def add(self, label: str, pk: int, key: tuple) -> None:
        self.by_pk.setdefault(label, {})[pk] = key
        self.pk_by_key.setdefault(label, {})[key] = pk


def _key_of(spec: Spec, values: dict, fk_key) -> tuple:
    """The natural key of a row from its field values; `fk_key(field, pk)` maps a foreign key."""
    model = spec.model
    parts = []
    for name in spec.key:
        f = model._meta.get_field(name)
        if f.is_relation:
            parts.append(fk_key(f, values[name]))
        else:
            parts.append(values[name])
    return tuple(parts)


def read_release(path: Path) -> dict[str, dict[tuple, dict]]:
    """The fixture as {label: {natural key: {"fields": {...}, "m2m": {...}}}}."""
    objects = json.loads(path.read_text())
    raw: dict[str, dict[int, dict]] = {}
    for obj in objects:
        if obj["model"] in SPEC_BY_LABEL:
            raw.setdefault(obj["model"], {})[obj["pk"]] = obj["fields"]
    keys: dict[str, dict[int, tuple]] = {}

    def fk_key(f, pk):
        if pk is None:
            return None
        return key_for(f.related_model._meta.label_lower, pk)

    def key_for(label, pk):
        if pk not in keys.setdefault(label, {}):
            keys[label][pk] = _key_of(SPEC_BY_LABEL[label], raw[label][pk], fk_key)
        return keys[label][pk]

    release: dict[str, dict[tuple, dict]] = {}
    for spec in SPECS:
        model = spec.model
        rows = {}
        for pk, values in raw.get(spec.label, {}).items():
            fields = {}
            for f in _scalar_fields(model):
                if f.name in spec.key:
                    continue
                value = values.get(f.name, f.get_default())
                fields[f.name] = fk_key(f, value) if f.is_relation else _plain(f, value)
            m2m = {
                name: sorted(
                    key_for(model._meta.get_field(name).related_model._meta.label_lower, p)
                    for p in values.get(name, [])
                )
                for name in spec.m2m
            }
            rows[key_for(spec.label, pk)] = {"fields": fields, "m2m": m2m}
        release[spec.label] = rows
    return release


def read_database(keys: _Keys) -> dict[str, dict[tuple, dict]]:
    """The database's content rows in the same shape as `read_release`, keys noted in `keys`."""
    state: dict[str, dict[tuple, dict]] = {}

    def fk_key(f, pk):
        return None if pk is None else keys.by_pk[f.related_model._meta.label_lower][pk]

    for spec in SPECS:
        model = spec.model
        rows = {}
        for obj in model.objects.all().order_by("pk"):
            values = {f.name: f.value_from_object(obj) for f in _scalar_fields(model)}
            key = _key_of(spec, values, fk_key)
            keys.add(spec.label, obj.pk, key)
            fields = {}
            for f in _scalar_fields(model):
                if f.name in spec.key or f.name in spec.late:
                    continue
                value = values[f.name]
                fields[f.name] = fk_key(f, value) if f.is_relation else _plain(f, value)
            rows[key] = {"fields": fields, "m2m": {}, "pk": obj.pk}
        state[spec.label] = rows
    # Late foreign keys and many-to-many links, once every key is known.
    for spec in SPECS:
        model = spec.model
        for row in state[spec.label].values():
            obj = model(pk=row["pk"])
            for name in spec.late:
                f = model._meta.get_field(name)
                value = model.objects.filter(pk=row["pk"]).values_list(f.attname, flat=True)[0]
                row["fields"][name] = fk_key(f, value)
            for name in spec.m2m:
                related = model._meta.get_field(name).related_model._meta.label_lower
                pks = getattr(obj, name).values_list("pk", flat=True)
                row["m2m"][name] = sorted(keys.by_pk[related][p] for p in pks)
    return state


def _editor_touched(spec: Spec, pks: list[int]) -> set[int]:
    """Rows whose history holds an editor's entry (before any baseline).

    An editor's entry names its user (the admin records who saved). `loaddata` and content
    releases write entries without a user, or none at all.
    """
    history = getattr(spec.model, "history", None)
    if history is None or not pks:
        return set()
    return set(
        history.model.objects.filter(id__in=pks, history_user__isnull=False)
        .exclude(history_change_reason__startswith=REASON_PREFIX)
        .values_list("id", flat=True)
    )


def _flat(part) -> str:
    if isinstance(part, tuple | list):
        return " / ".join(_flat(p) for p in part)
    return str(part)


def _label(spec: Spec, key: tuple) -> str:
    """How a report names a row: "requirement machine-learning-engineer / python"."""
    return f"{spec.model._meta.verbose_name} {_flat(key)}"


class _Sync:
    def __init__(self, release: dict, release_id: str, baseline: dict | None):
        self.release = release
        self.baseline = baseline  # {label: {key: row}} or None before the first sync
        self.report = Report(release_id)
        self.reason = REASON_PREFIX + release_id
        self.keys = _Keys()
        self.db = read_database(self.keys)
        self.new_baseline: dict[str, dict[tuple, dict]] = {}

    # helpers

    def _pk(self, f: models.Field, key):
        if key is None:
            return None
        return self.keys.pk_by_key[f.related_model._meta.label_lower].get(key)

    def _base_row(self, spec: Spec, key: tuple, row: dict | None, touched: set[int]):
        """The baseline row, or before any baseline: the database row if no editor touched it."""
        if self.baseline is not None:
            return self.baseline.get(spec.label, {}).get(key)
        if row is not None and row["pk"] not in touched:
            return row
        return None

    def _save(self, obj, update_fields=None):
        obj._change_reason = self.reason
        obj.save(update_fields=update_fields)

    # the merge

    def run(self) -> Report:
        for spec in SPECS:
            self._rows(spec)
        for spec in SPECS:
            self._links(spec)
        for spec in reversed(SPECS):
            self._dropped(spec)
        return self.report

    def _rows(self, spec: Spec) -> None:
        model = spec.model
        db_rows = self.db[spec.label]
        touched = (
            _editor_touched(spec, [r["pk"] for r in db_rows.values()])
            if self.baseline is None
            else set()
        )
        self._touched = getattr(self, "_touched", {})
        self._touched[spec.label] = touched
        for key, new in self.release[spec.label].items():
            self.new_baseline.setdefault(spec.label, {})[key] = new
            row = db_rows.get(key)
            base = self._base_row(spec, key, row, touched)
            if row is None:
                if self.baseline is not None and base is not None:
                    self.report.conflicts.append(f"{_label(spec, key)} was deleted by an editor")
                    continue
                self._create(spec, key, new)
                continue
            changed = []
            for name, value in new["fields"].items():
                if name in spec.late:
                    continue
                current = row["fields"].get(name)
                if current == value:
                    continue
                if base is not None and (
                    name not in base["fields"] or base["fields"][name] == current
                ):
                    # A field the last release did not have (a migration added it since) has no
                    # baseline value: the release is the first to fill it.
                    changed.append(name)
                else:
                    self.report.conflicts.append(_conflict(spec, key, name, base, value))
            if changed:
                obj = model.objects.get(pk=row["pk"])
                for name in changed:
                    self._set(obj, model._meta.get_field(name), new["fields"][name])
                self._save(obj, update_fields=changed)
                for name in changed:
                    row["fields"][name] = new["fields"][name]
                self.report.updated.append(f"{_label(spec, key)}: {', '.join(changed)}")

    def _set(self, obj, f: models.Field, value) -> None:
        if f.is_relation:
            setattr(obj, f.attname, self._pk(f, tuple(value) if value is not None else None))
        else:
            setattr(obj, f.name, f.to_python(value))

    def _create(self, spec: Spec, key: tuple, new: dict) -> None:
        model = spec.model
        values = dict(zip(spec.key, key, strict=True))
        values.update({n: v for n, v in new["fields"].items() if n not in spec.late})
        missing = [
            n
            for n, v in values.items()
            if v is not None
            and model._meta.get_field(n).is_relation
            and self._pk(model._meta.get_field(n), tuple(v)) is None
        ]
        if missing:  # it hangs from a row an editor deleted
            self.report.conflicts.append(
                f"{_label(spec, key)} not added: its {', '.join(missing)} was deleted by an editor"
            )
            return
        obj = model()
        for name, value in values.items():
            self._set(obj, model._meta.get_field(name), value)
        self._save(obj)
        self.keys.add(spec.label, obj.pk, key)
        fields = {n: v for n, v in new["fields"].items() if n not in spec.late}
        fields.update(dict.fromkeys(spec.late))
        self.db[spec.label][key] = {
            "fields": fields,
            "m2m": {n: [] for n in spec.m2m},
            "pk": obj.pk,
            "new": True,
        }
        self.report.created.append(_label(spec, key))

    def _links(self, spec: Spec) -> None:
        """Late foreign keys and many-to-many links, merged link by link."""
        model = spec.model
        touched = self._touched[spec.label]
        for key, new in self.release[spec.label].items():
            row = self.db[spec.label].get(key)
            if row is None:
                continue
            base = None if row.get("new") else self._base_row(spec, key, row, touched)
            if row.get("new"):
                base = {"fields": row["fields"], "m2m": row["m2m"]}
            obj = model.objects.get(pk=row["pk"])
            for name in spec.late:
                value, current = new["fields"].get(name), row["fields"].get(name)
                if value == current:
                    continue
                if base is not None and base["fields"].get(name) == current:
                    self._set(obj, model._meta.get_field(name), value)
                    self._save(obj, update_fields=[name])
                    row["fields"][name] = value
                    if not row.get("new"):
                        self.report.updated.append(f"{_label(spec, key)}: {name}")
                else:
                    self.report.conflicts.append(_conflict(spec, key, name, base, value))
            for name in spec.m2m:
                wanted = set(map(tuple, new["m2m"][name]))
                current = set(row["m2m"][name])
                was = set(map(tuple, base["m2m"][name])) if base else current & wanted
                result = (current | (wanted - was)) - (was - wanted)
                if result == current:
                    continue
                f = model._meta.get_field(name)
                obj._change_reason = self.reason
                getattr(obj, name).set([self._pk(f, k) for k in sorted(result)])
                row["m2m"][name] = sorted(result)
                if not row.get("new"):
                    self.report.updated.append(f"{_label(spec, key)}: {name}")

    def _dropped(self, spec: Spec) -> None:
        """Rows the release no longer has: retire or delete them unless an editor owns them."""
        model = spec.model
        touched = self._touched[spec.label]
        for key, row in list(self.db[spec.label].items()):
            if key in self.release[spec.label] or row.get("new"):
                continue
            base = self._base_row(spec, key, row, touched)
            if base is None:
                if self.baseline is None and getattr(model, "history", None) is None:
                    self.report.conflicts.append(
                        f"{_label(spec, key)} is not in the release; kept (no earlier release "
                        "tells whether an editor added it)"
                    )
                continue  # an editor's row
            unchanged = all(row["fields"].get(n) == v for n, v in base["fields"].items())
            if spec.retire:
                flag, retired = spec.retire
                if row["fields"].get(flag) == retired:
                    self.new_baseline.setdefault(spec.label, {})[key] = row_state(row)
                    continue
                if not unchanged:
                    self.report.conflicts.append(
                        f"{_label(spec, key)} was dropped but an editor changed it; kept"
                    )
                    continue
                obj = model.objects.get(pk=row["pk"])
                setattr(obj, flag, retired)
                self._save(obj, update_fields=[flag])
                row["fields"][flag] = retired
                self.new_baseline.setdefault(spec.label, {})[key] = row_state(row)
                self.report.retired.append(_label(spec, key))
            elif unchanged:
                obj = model.objects.get(pk=row["pk"])
                obj._change_reason = self.reason
                try:
                    with transaction.atomic():
                        obj.delete()
                except ProtectedError:
                    self.report.conflicts.append(f"{_label(spec, key)} is still in use; kept")
                    continue
                self.report.removed.append(_label(spec, key))
            else:
                self.report.conflicts.append(
                    f"{_label(spec, key)} was dropped but an editor changed it; kept"
                )


def _conflict(spec: Spec, key: tuple, name: str, base: dict | None, value) -> str:
    """A kept editor's change; says so when this release wanted a new value there too."""
    text = f"{_label(spec, key)}: {name}"
    if base is not None and base["fields"].get(name) != value:
        text += " (the release changed it too)"
    return text


def row_state(row: dict) -> dict:
    return {"fields": dict(row["fields"]), "m2m": {k: list(v) for k, v in row["m2m"].items()}}


def _dump(content: dict) -> dict:
    return {
        label: {_dump_key(key): row for key, row in rows.items()} for label, rows in content.items()
    }


def _load(content: dict) -> dict:
    return {
        label: {_load_key(key): _tuples(row) for key, row in rows.items()}
        for label, rows in content.items()
    }


def _tuples(value):
    """JSON lists back to the tuples natural keys are made of."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def sync_content(path: Path) -> Report:
    """Bring the database up to the release at `path`; one transaction. See the module docstring."""
    release_id = release_id_of(path)
    release = _load(_dump(read_release(path)))
    with transaction.atomic():
        last = ContentRelease.objects.order_by("-applied_at", "-id").first()
        baseline = _load(last.content) if last else None
        sync = _Sync(release, release_id, baseline)
        report = sync.run()
        if report.changes:
            bump_generation()
        if last is None or last.release_id != release_id or report.changes:
            ContentRelease.objects.create(
                release_id=release_id,
                content=_dump(sync.new_baseline),
                report="\n".join(report.lines()),
            )
    return report
