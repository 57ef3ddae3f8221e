"""HTTP interface: thin FastAPI routes over AssistantService."""
