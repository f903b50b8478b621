"""Card facts in SPDX 3 AI and Dataset profile terms: domains, dataset types, training, a one-line verdict."""

from __future__ import annotations

from license_scan.model import CardFacts, Component, Node

# The Hub groups its tasks (pipeline_tag) into these domains; a task not listed gives no domain.
_DOMAINS: dict[str, tuple[str, ...]] = {
    "natural language processing": (
        "text-generation", "text2text-generation", "text-classification", "token-classification",
        "question-answering", "summarization", "translation", "fill-mask", "sentence-similarity",
        "zero-shot-classification", "table-question-answering", "feature-extraction", "text-ranking"),
    "computer vision": (
        "image-classification", "object-detection", "image-segmentation", "depth-estimation", "image-to-image",
        "unconditional-image-generation", "video-classification", "mask-generation", "keypoint-detection",
        "zero-shot-image-classification", "zero-shot-object-detection", "image-feature-extraction"),
    "audio": ("automatic-speech-recognition", "audio-classification", "text-to-speech", "text-to-audio",
              "audio-to-audio", "voice-activity-detection"),
    "multimodal": ("image-to-text", "text-to-image", "image-text-to-text", "visual-question-answering",
                   "document-question-answering", "text-to-video", "video-text-to-text", "any-to-any"),
    "tabular": ("tabular-classification", "tabular-regression", "time-series-forecasting"),
    "reinforcement learning": ("reinforcement-learning", "robotics"),
}
_TASK_DOMAIN = {task: domain for domain, tasks in _DOMAINS.items() for task in tasks}
# Hub dataset tags `modality:<x>` -> SPDX dataset_DatasetType.
_MODALITY = {"text": "text", "image": "image", "audio": "audio", "video": "video", "tabular": "structured",
             "timeseries": "timeseries", "geospatial": "other", "3d": "other", "document": "other"}


def ai_domains(card: CardFacts | None) -> list[str]:
    domain = _TASK_DOMAIN.get(card.task or "") if card else None
    return [domain] if domain else []


def dataset_types(card: CardFacts | None) -> list[str]:
    """The SPDX dataset types the card's modality tags state; `noAssertion` when it states none."""
    found = [_MODALITY[t.split(":", 1)[1]] for t in (card.tags if card else ())
             if t.startswith("modality:") and t.split(":", 1)[1] in _MODALITY]
    return list(dict.fromkeys(found)) or ["noAssertion"]


def _terms(c: Component | None) -> str:
    return "none" if c is None else f"{c.expression} ({c.category})"


def training_info(node: Node) -> str:
    """What the card says about training data, and the data terms the scan concluded."""
    card = node.card
    named = ", ".join(card.datasets) if card and card.datasets else None
    said = f"Training data named by the card: {named}" if named else "The card names no training data"
    if node.status not in ("ok", "cycle"):
        said += f" (the repo is {node.status}: its card was not fully read)"
    return f"{said}. Data terms concluded by license-scan: {_terms(node.components.data)}."


def component_summary(node: Node) -> str:
    c = node.components
    parts = [f"license-scan status {node.status}", f"weights: {_terms(c.weights)}", f"code: {_terms(c.code)}",
             f"data: {_terms(c.data)}"]
    if node.declared is not None:
        parts.append(f"declared by the repo itself: {node.declared}")
    return "; ".join(parts) + "."
