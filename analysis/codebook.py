"""The codebook: labels, definitions, zero-shot hypotheses and colours, loaded once from codebook.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from analysis.paths import CODEBOOK_FILE


@dataclass(frozen=True)
class Label:
    """One label of a codebook dimension (voice, frame or stance)."""

    label: str
    name: str
    colour: str
    definition: str
    hypothesis: str
    value: float | None = None
    stances: tuple[str, ...] = ()  # frames only: the stances allowed with this frame (empty: any)


@dataclass(frozen=True)
class Codebook:
    """The three label dimensions, each in display order."""

    voices: tuple[Label, ...]
    frames: tuple[Label, ...]
    stances: tuple[Label, ...]

    def dimension(self, name: str) -> tuple[Label, ...]:
        """Labels of one dimension by name: 'voice', 'frame' or 'stance'."""
        return {"voice": self.voices, "frame": self.frames, "stance": self.stances}[name]

    def colours(self, dimension: str) -> dict[str, str]:
        """Label -> hex colour for one dimension."""
        return {lab.label: lab.colour for lab in self.dimension(dimension)}

    def names(self, dimension: str) -> dict[str, str]:
        """Label -> display name for one dimension."""
        return {lab.label: lab.name for lab in self.dimension(dimension)}


@lru_cache(maxsize=1)
def load() -> Codebook:
    """Parse the packaged codebook.toml."""
    with open(CODEBOOK_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    return Codebook(
        voices=tuple(Label(**entry) for entry in raw["voice"]),
        frames=tuple(Label(**{**entry, "stances": tuple(entry.get("stances", ()))}) for entry in raw["frame"]),
        stances=tuple(Label(**entry) for entry in raw["stance"]),
    )


CODEBOOK = load()
VOICES: tuple[str, ...] = tuple(lab.label for lab in CODEBOOK.voices)
FRAMES: tuple[str, ...] = tuple(lab.label for lab in CODEBOOK.frames)
STANCES: tuple[str, ...] = tuple(lab.label for lab in CODEBOOK.stances)
STANCE_VALUES: dict[str, float] = {lab.label: float(lab.value or 0.0) for lab in CODEBOOK.stances}
# (frame, stance) pairs the codebook allows, in FRAMES x STANCES order
ALLOWED_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (lab.label, s) for lab in CODEBOOK.frames for s in STANCES if not lab.stances or s in lab.stances)
_unknown = {s for lab in CODEBOOK.frames for s in lab.stances} - set(STANCES)
if _unknown:
    raise ValueError(f"{CODEBOOK_FILE}: unknown stance(s) in a frame's stances: {', '.join(sorted(_unknown))}")
