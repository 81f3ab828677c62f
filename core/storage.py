"""Static files with hashed names (whitenoise), with each name's URL worked out once per process.

Every page asks for five static URLs; the manifest lookup and URL joining cost
~20 µs each. The manifest does not change while a process runs (collectstatic
runs before it starts), so the answers are kept.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
