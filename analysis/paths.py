"""Where the package's own files live, and the project's default output folders."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CODEBOOK_FILE = PACKAGE_DIR / "codebook.toml"
ACTORS_FILE = PACKAGE_DIR / "actors.toml"
STYLE_FILE = PACKAGE_DIR / "framing.mplstyle"
MODEL_DIR = PACKAGE_DIR / "model"

# Repository layout (only meaningful in a source checkout).
REPO_DIR = PACKAGE_DIR.parent
SEED_ARTICLE = REPO_DIR / "seeds" / "000_c99cd6f376a91b6b.txt"
NOTEBOOK_DIR = REPO_DIR / "notebooks"
DATA_DIR = REPO_DIR / "data"
VOICE_MODEL_FILE = MODEL_DIR / "voice.json"
PEOPLE_FILE = PACKAGE_DIR / "people.toml"
