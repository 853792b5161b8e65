"""Reads a review report needs: its results (`results`) and its activities (`activities`)."""
