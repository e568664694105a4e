"""Opportune: a self-hosted B2B sales CRM built around opportunities."""
