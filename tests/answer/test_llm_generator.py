"""The LLM answerer's checks and fallbacks.

Scripted answers use LangChain's GenericFakeChatModel: a test double, because a model server
cannot run in `make test` (llama.cpp takes ~9 minutes to build). The real server is exercised
by `make test-llm` (tests/llm/). Unreachable and silent endpoints are real sockets here.
"""

from __future__ import annotations

import socket
import threading

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

from assistant.answer import NO_SUPPORT
from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.llm import LLMGenerator, make_chat_model
from assistant.errors import ConfigError
from assistant.models import Answer
from assistant.settings import Settings
from tests.answer.test_prompt_and_check import FORBRUKAT, FORORD, PASSAGES, Q_SPENT


def scripted(*answers: str) -> LLMGenerator:
    return LLMGenerator(GenericFakeChatModel(messages=iter(answers)), ExtractiveGenerator())


def quoted(passages) -> Answer:
    """What the fallback (the extractive answerer) says on its own."""
    return ExtractiveGenerator().answer(Q_SPENT, passages)


def test_a_backed_answer_is_returned_with_renumbered_citations():
    answer = scripted("Utbildningsinsatserna förbrukade 406 av de 428,5 miljoner kronor [2].") \
        .answer(Q_SPENT, PASSAGES)
    assert answer.generator == "llm" and answer.grounded and answer.notice is None
    assert answer.text.endswith("kronor [1].")
    assert [c.passage for c in answer.citations] == [FORBRUKAT]


def test_a_marker_to_a_missing_passage_is_removed_with_a_notice():
    answer = scripted("406 miljoner kronor förbrukades [2][3].").answer(Q_SPENT, PASSAGES[:2])
    assert answer.text == "406 miljoner kronor förbrukades [1]."
    assert answer.grounded and "[3]" in (answer.notice or "")


def test_an_invented_number_is_replaced_by_the_quoted_answer():
    answer = scripted("Man förbrukade 412 miljoner kronor [2].").answer(Q_SPENT, PASSAGES)
    assert answer.generator == "extractive"
    assert "412 miljoner kronor" in (answer.notice or "") and "412" not in answer.text
    assert answer.text == quoted(PASSAGES).text


def test_an_uncited_answer_is_replaced():
    answer = scripted("Det förbrukades 406 miljoner kronor.").answer(Q_SPENT, PASSAGES)
    assert answer.generator == "extractive" and "hänvisade inte" in (answer.notice or "")


def test_the_models_abstention_is_kept():
    answer = scripted(NO_SUPPORT).answer("Vad kostar en vårdplats på Gotland?", PASSAGES)
    assert answer.text == NO_SUPPORT and not answer.citations and not answer.grounded
    assert answer.related


def test_stream_yields_pieces_then_the_checked_answer():
    out = list(scripted("Hela 406 miljoner kronor förbrukades [2] [5].").stream(Q_SPENT, PASSAGES))
    pieces, final = out[:-1], out[-1]
    assert len(pieces) > 3 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == "Hela 406 miljoner kronor förbrukades [2] [5]."
    assert isinstance(final, Answer) and final.text == "Hela 406 miljoner kronor förbrukades [1]."
    assert "[5]" in (final.notice or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def real_client(port: int, timeout: float = 5.0) -> LLMGenerator:
    settings = Settings(_env_file=None, llm_base_url=f"http://127.0.0.1:{port}/v1",
                        llm_model="gemma", llm_timeout=timeout)
    return LLMGenerator(make_chat_model(settings), ExtractiveGenerator(), timeout=timeout)


@pytest.mark.parametrize("streaming", [False, True])
def test_an_unreachable_endpoint_falls_back_with_a_notice(streaming):
    generator = real_client(_free_port())  # nothing listens there
    answer = (list(generator.stream(Q_SPENT, [FORORD, FORBRUKAT]))[-1] if streaming
              else generator.answer(Q_SPENT, [FORORD, FORBRUKAT]))
    assert isinstance(answer, Answer) and answer.generator == "extractive"
    assert "gick inte att nå" in (answer.notice or "")
    assert answer.text == quoted([FORORD, FORBRUKAT]).text


@pytest.fixture
def silent_port():
    """A real server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_silent_endpoint_times_out_into_the_quoted_answer(silent_port):
    answer = real_client(silent_port, timeout=1.0).answer(Q_SPENT, [FORORD, FORBRUKAT])
    assert answer.generator == "extractive" and "inom 1 sekunder" in (answer.notice or "")


def test_a_missing_model_name_is_a_config_error_that_says_what_to_set():
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_MODEL"):
        make_chat_model(Settings(_env_file=None, llm_base_url="http://127.0.0.1:9/v1"))


def test_an_echo_of_the_instructions_is_replaced():
    answer = scripted("Svara kort utifrån utdragen och ange källor som [1], [2], [3].") \
        .answer(Q_SPENT, PASSAGES)
    assert answer.generator == "extractive" and "upprepade" in (answer.notice or "")
