"""`{% load dom %}`: the dashboard's element ids, from `learners.dom` (one function each)."""

from django import template

from learners import dom

register = template.Library()

register.filter("category_id", dom.category_id)
register.filter("category_score_id", dom.category_score_id)
register.filter("row_id", dom.row_id)
register.filter("row_status_id", dom.row_status_id)
