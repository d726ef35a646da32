"""Helpers the apps' demo.py modules share."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
