"""Fixed 999 advice for a medical emergency happening now, from a versioned data file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import read_yaml


@dataclass(frozen=True)
class EmergencyAdvice:
    headline: str
    steps: tuple[str, ...]
    other_emergencies: str
    version: int

    @classmethod
    def from_file(cls, path: Path) -> EmergencyAdvice:
        raw = read_yaml(path)
        return cls(
            headline=raw["headline"],
            steps=tuple(raw["steps"]),
            other_emergencies=raw["other_emergencies"],
            version=int(raw["version"]),
        )

    def text(self) -> str:
        numbered = "\n".join(f"{n}. {step}" for n, step in enumerate(self.steps, start=1))
        return (
            f"{self.headline}\n\nIf it's an asthma attack:\n{numbered}\n\n{self.other_emergencies}"
        )

    def payload(self) -> dict[str, Any]:
        return {
            "type": "emergency",
            "call": "999",
            "headline": self.headline,
            "steps": list(self.steps),
            "other_emergencies": self.other_emergencies,
            "version": self.version,
        }


def advice_path(data_dir: Path) -> Path:
    return data_dir / "emergency" / "asthma_attack.yml"
