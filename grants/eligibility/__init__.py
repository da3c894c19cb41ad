"""The eligibility rule engine: pure Python, no Django (a test enforces it).

Input: frozen dataclasses of facts (facts.py). Output: findings and a verdict per
invoice (engine.py). The service layer (grants/services/audit.py) loads rows into
facts, runs the engine in bulk and stores what it returns.
"""
