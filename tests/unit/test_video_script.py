"""The guide videos' one script: a line is cut into one-line captions that join back into it,
timed within the speech, and the lines' speech is laid on one track at their times."""
from __future__ import annotations

import wave

import pytest

from devtools.narration import SilentNarrator, narration_track, spoken_form, wav_seconds
from devtools.videos import CUE_CHARS, Recorder, cue_parts


@pytest.mark.parametrize("text", [
    "電子保証の仕組みを、図で説明します。",
    "保証会社のサービスの保証契約一覧から「電子保証にかかる「認証キー」のお知らせ」（PDF）をダウンロードします。",
    "受領の記録は、発注者の職員の方がサインインして行います。職場のメールアドレスを入力して、確認コードを送ります。",
])
def test_a_line_is_cut_at_its_pauses_into_captions_that_join_back(text):
    parts = cue_parts(text)
    assert "".join(parts) == text
    assert all(part for part in parts)
    # Cut only after 、 or 。 and never into pieces that would fit one caption together.
    assert all(part[-1] in "、。" for part in parts[:-1])
    assert all(len(a) + len(b) > CUE_CHARS for a, b in zip(parts, parts[1:]))


class _Page:
    def screenshot(self, path, animations):
        open(path, "wb").close()


def test_captions_follow_the_speech_and_the_track_lays_it_at_their_times(tmp_path):
    narrator = SilentNarrator(tmp_path, seconds=1.0)
    rec = Recorder(_Page(), tmp_path, quick=True, narrator=narrator)
    rec.new_scene()
    rec.say("保証会社で発行手続きが終わると、「電子保証（認証キー）発行完了のお知らせ」メールが届きます。")
    rec.say("届きます。")
    rec.end_on_whole_second()
    assert [c.ident for c in rec.cues][:2] == ["s1-1", "s1-2"]
    assert rec.cues[0].start == 0 and all(a.end == b.start for a, b in zip(rec.cues, rec.cues[1:]))
    assert rec.cues[-1].end == pytest.approx(rec.t) and rec.t % 1 == pytest.approx(0.5)
    assert [start for start, _ in rec.speech] == [0, rec.cues[-1].start]
    track = narration_track(rec.speech, rec.t, tmp_path / "track.wav")
    assert wav_seconds(track) == pytest.approx(rec.t, abs=1e-3)
    with wave.open(str(track)) as f:
        assert f.getnchannels() == 1


def test_speech_that_would_overlap_is_refused(tmp_path):
    narrator = SilentNarrator(tmp_path, seconds=1.0)
    with pytest.raises(ValueError, match="overlaps"):
        narration_track([(0.0, narrator.path), (0.5, narrator.path)], 3.0, tmp_path / "t.wav")


def test_the_voice_is_given_readings_for_words_it_misreads():
    assert "ひょう" in spoken_form("状態・保証金額・工事名・受注者が、1件1行の表になります。")
    assert "ひょうけいさん" in spoken_form("表計算ソフトで開けるファイル")
