"""QR code pictures and fake-camera videos for the browser tests.

Chromium's fake camera (`--use-fake-device-for-media-stream
--use-file-for-fake-video-capture=<file>.y4m`) plays a Y4M file in a loop; the file is
read once per browser launch, so each video needs its own launch.
"""
from __future__ import annotations

from pathlib import Path

import qrcode
from PIL import Image

WIDTH, HEIGHT = 640, 480


def qr_code(text: str, box_size: int = 6) -> Image.Image:
    """The QR code alone, black on white with the standard quiet zone, as greyscale."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("L")


def page_with_qr(text: str, size=(1240, 1754), at=(860, 120)) -> Image.Image:
    """An A4 page at 150 dpi with the code near its top right, like a screenshot of the notice."""
    page = Image.new("L", size, 255)
    page.paste(qr_code(text, box_size=5), at)
    return page


def write_png(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG")
    return path


def camera_frame(text: str | None) -> Image.Image:
    """A 640x480 frame: the code held up on white paper in front of a grey desk (or no code)."""
    frame = Image.new("L", (WIDTH, HEIGHT), 110)
    paper = Image.new("L", (400, 400), 245)
    if text is not None:
        code = qr_code(text)
        paper.paste(code, ((400 - code.width) // 2, (400 - code.height) // 2))
    frame.paste(paper, ((WIDTH - 400) // 2, (HEIGHT - 400) // 2))
    return frame


def write_y4m(frame: Image.Image, path: Path, frames: int = 2) -> Path:
    """A Y4M video of `frame` repeated (4:2:0, grey: both chroma planes at 128)."""
    if frame.size != (WIDTH, HEIGHT):
        raise ValueError(f"frame must be {WIDTH}x{HEIGHT}, got {frame.size}")
    luma = frame.convert("L").tobytes()
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            f.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def qr_video(text: str | None, path: Path) -> Path:
    return write_y4m(camera_frame(text), path)
