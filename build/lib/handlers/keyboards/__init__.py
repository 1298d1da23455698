"""The inline and reply keyboards, one module per feature, built with aiogram's builders. Labels
are translated here, in the chat's language; the callback data say only what was pressed."""
