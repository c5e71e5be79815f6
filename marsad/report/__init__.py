"""The coverage report's pieces: Arabic labels for images, country outlines, charts."""
