"""Plain-text formatting shared by the renderers and the lawyer's tools: wrapping, citations."""
