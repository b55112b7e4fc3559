import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))


def test_both_languages_have_a_catalogue():
    """There is an interface catalogue for Danish and for English."""
    assert {path.parts[-3] for path in CATALOGUES} >= {"da", "en"}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: "/".join(path.parts[-3:]))
def test_catalogue_is_complete_and_valid(catalogue, tmp_path):
    """Every interface string is translated (none empty or fuzzy) and the placeholders match."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed to compile the catalogues"
    result = subprocess.run(  # noqa: S603
        [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(catalogue)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
