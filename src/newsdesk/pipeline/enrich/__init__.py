"""Enrichment providers behind small typed protocols: embeddings first; summaries,
entities and LLM answers build on the same pattern. Defaults run offline on the CPU from
models shipped inside installed packages; nothing is downloaded at run time."""
