"""gongkai: government information-disclosure annual reports → canonical figures."""
__version__ = "0.1.0"
