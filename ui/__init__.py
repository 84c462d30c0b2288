"""The newsrag web UI: a Gradio chat over the same `Assistant` API as the CLI."""
