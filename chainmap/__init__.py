"""chainmap: regional equipment-manufacturing industry-chain maps for Chongqing and 成渝."""

__version__ = "0.1.0"
__all__ = ["__version__"]
