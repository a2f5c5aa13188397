"""The catalogue as the matcher sees it: every skill's name and aliases, and one Matcher for it.

The terms are cached under the content version (an editor's new alias is used at once); the
Matcher built from them is kept per process for as long as the terms are the same.
"""

from functools import lru_cache

from jobs.reading.matcher import Matcher, SkillTerms
from roles.cache import content_memoized

TERMS_CACHE_FORMAT = 1


def catalogue_terms() -> tuple[SkillTerms, ...]:
    """Every current skill's slug, name and aliases, in one query (none when warm). Retired
    skills are left out: they are no longer in the catalogue."""
    from roles.models import Skill

    def build():
        return tuple(
            SkillTerms(slug=slug, name=name, aliases=tuple(_aliases(aliases)))
            for slug, name, aliases in Skill.objects.filter(is_retired=False)
            .order_by("slug")
            .values_list("slug", "name", "aliases")
        )

    return content_memoized(f"jobs:terms:{TERMS_CACHE_FORMAT}", build)


def _aliases(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=4)
def _matcher(terms: tuple[SkillTerms, ...]) -> Matcher:
    return Matcher(terms)


def matcher() -> Matcher:
    """The Matcher for the current catalogue."""
    return _matcher(catalogue_terms())
