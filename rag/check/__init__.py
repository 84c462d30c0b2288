"""Checking answers against the articles: does each quote support the sentence citing it
(`support`), which retrieved sentence grounds each sentence of a model's answer
(`attribution`), do claim and quote state the same numbers (`figures`), and which verified quote
does a model's `[n]` marker point at (`markers`).

A quote is always exact (it is cut from the file); what is checked here is whether it says what
the answer claims. The assistant runs the support check once, on every answer, in
`Assistant._checked`; a model's answer is grounded by its answerer (`rag.answer.grounded`), whose
verdicts the support check keeps.
"""
