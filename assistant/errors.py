"""The one exception tree. Every message says what to do next.

AssistantError                  base; the CLI prints it as one line and exits 1
 ├── ConfigError                 a setting is wrong or a backend is missing (exit 2)
 ├── IndexEmptyError             nothing indexed yet: run `assistant ingest`
 ├── UnknownDocumentError        a document id that is not in the index
 ├── InvalidQuestionError        empty or over-long question, top_k out of range
 ├── InvalidFeedbackError        a rating other than up/down, an over-long comment
 ├── InvalidRequestError         an API request field the schema cannot check (422)
 ├── UnauthorizedError           API keys are set and the request has none or a wrong one (401)
 ├── BackendUnavailableError     Chroma server, embedding server or LLM endpoint fails
 ├── EvalError                   the evaluation cannot run (exit 2)
 │    ├── SuiteError              a suite file is missing or an item is malformed
 │    └── BaselineError           a baseline file is missing, unreadable or of another suite
 └── DocumentError               one input file cannot be read (the others go on)
      ├── UnsupportedFileError    extension we do not read
      ├── EmptyDocumentError      no text in the file
      ├── EncryptedPdfError       password-protected PDF
      ├── NoTextLayerError        scanned PDF with no text (OCR is not supported)
      ├── CorruptFileError        the file cannot be parsed
      └── FileTooLargeError       over ASSISTANT_MAX_FILE_MB
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    code = "assistant_error"
    status = 500


class ConfigError(AssistantError):
    code = "config_error"
    status = 500


class IndexEmptyError(AssistantError):
    code = "index_empty"
    status = 503

    def __init__(self, message: str = "The index is empty: run `assistant ingest corpus/` first."):
        super().__init__(message)


class UnknownDocumentError(AssistantError):
    code = "unknown_document"
    status = 404


class InvalidQuestionError(AssistantError):
    code = "invalid_question"
    status = 422


class InvalidFeedbackError(AssistantError):
    code = "invalid_feedback"
    status = 422


class InvalidRequestError(AssistantError):
    """The message starts with the field's name: `documents: unknown document id 'x' ...`."""

    code = "invalid_request"
    status = 422


class UnauthorizedError(AssistantError):
    code = "unauthorized"
    status = 401

    def __init__(self, message: str = "This server needs an API key: send the header "
                 "`Authorization: Bearer <key>` with a key from ASSISTANT_API_KEYS."):
        super().__init__(message)


class BackendUnavailableError(AssistantError):
    code = "backend_unavailable"
    status = 503


class EvalError(AssistantError):
    """The evaluation itself cannot run (as opposed to items failing)."""

    code = "eval_error"
    status = 500


class SuiteError(EvalError):
    code = "suite_error"


class BaselineError(EvalError):
    code = "baseline_error"


class DocumentError(AssistantError):
    """A single input file could not be ingested; `path` names it."""

    code = "document_error"
    status = 422

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFileError(DocumentError):
    code = "unsupported_file"


class EmptyDocumentError(DocumentError):
    code = "empty_document"


class EncryptedPdfError(DocumentError):
    code = "encrypted_pdf"


class NoTextLayerError(DocumentError):
    code = "no_text_layer"


class CorruptFileError(DocumentError):
    code = "corrupt_file"


class FileTooLargeError(DocumentError):
    code = "file_too_large"
