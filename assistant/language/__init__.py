"""Swedish (and English) text as the rest of the assistant needs it: question analysis, numbers,
terms, and the word lists they rest on, as data plus small functions."""
