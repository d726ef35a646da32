"""Django's SQLite backend, asking SQLite how many parameters one statement may have.

Django 5.2 assumes the limit of SQLite before 3.32 (999), so a bulk insert of
a thousand notifications is cut into a dozen statements. The real limit is
read from the connection instead, as Django 6.0 does.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self):
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
