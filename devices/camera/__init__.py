"""Camera scanning: frame sources, barcode decoders and the Qt worker that joins them.

Only `qt_camera.py` imports Qt (layering rule); the preview and dialog a person sees live in
`ui/`. Decoders and sources are plain Python so the CLI, the bench and tests use them as is.
"""
