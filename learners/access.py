"""The one ownership lookup every learner-owned view uses.

Anything a learner owns is found only through `get_owned_or_404`, so another learner's id answers
404 (never 403, which would confirm the object exists) and the denial is logged once.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

logger = logging.getLogger("careerhub.security")


def get_owned_or_404[M: Model](
    request: HttpRequest, queryset_or_model: type[M] | QuerySet[M], **lookup
) -> M:
    """Return the object matching `lookup` that belongs to the signed-in user, or raise Http404."""
    if isinstance(queryset_or_model, QuerySet):
        queryset = queryset_or_model
    else:
        queryset = queryset_or_model._default_manager.all()
    try:
        return queryset.get(user=request.user, **lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        logger.warning(
            "denied ownership lookup user=%s model=%s lookup=%s",
            request.user.pk,
            queryset.model._meta.label,
            lookup,
        )
        raise Http404("No such record.") from None
