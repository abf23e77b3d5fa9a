"""Preview cards: an Open Graph image and tags for every guide page, blog post and deck.

A shared link to the guide or a deck unfurls with a 1200×630 picture (title, section or event,
site name, in the site's colours) and its description. The cards are drawn at build time with
Pillow and the Arimo font from a Python package, so no network and no browser is needed, and
each is cached by its content (`talk_kit.cards.cache`).
"""
