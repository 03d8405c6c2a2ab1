"""Probation Action Plan Archive: turn published action plans into a static, searchable site."""

PARSER_VERSION = "1"
