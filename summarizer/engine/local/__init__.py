"""The embedded llama.cpp model: model files, the constrained sampler, drafts, prefill."""
