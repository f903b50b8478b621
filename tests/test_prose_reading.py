"""Card prose read as a careful person reads it (issue 8, item 6): hand-made cards, many shapes each.

Each case is (card body, the (component, rule) pairs the prose detector must find, in order).
`None` as a rule is a license the card names that the rule set does not know: unknown terms.
"""

from __future__ import annotations

import pytest
from snapshots import snapshot

from license_scan.classify.snapshot import classify_snapshot
from license_scan.detect.prose import (
    prose_statements,
    says_different_from_base,
    says_same_as_base,
)
from license_scan.detect.text import identify_text
from license_scan.detect.text.normalize import phrase_words
from license_scan.ruleset import load_ruleset

NC, RO, UR = "stated-non-commercial", "stated-research-only", "stated-use-restriction"


def read(body: str, default: str = "weights", repo: str | None = None, card: bool = True) -> list[tuple[str, str | None]]:
    found = prose_statements(body, load_ruleset(), path="README.md", line_offset=1, default=default,  # type: ignore[arg-type]
                             repo_id=repo, card=card)
    return [(s.component, s.evidence.rule) for s in found]


DENIALS = [
    ("This model is not licensed under MIT.", []),
    ("This is not an Apache-2.0 model.", []),
    ("The weights are not released under the Apache 2.0 license.", []),
    ("This checkpoint isn't distributed under CC-BY-4.0.", []),
    ("It is no longer available under the MIT license.", []),
    ("Unlike our previous model, which was MIT, this one is under CC-BY-NC-4.0.", [("weights", "CC-BY-NC-4.0")]),
    ("Unlike our previous model, which was released under the MIT license, this one is for research purposes only.",
     [("weights", RO)]),
    ("Unlike other models, which are licensed under the Apache 2.0 license, ours is free.", []),
    ("The original Mistral-7B was released under Apache 2.0, but this fine-tune is released under CC-BY-NC-4.0.",
     [("weights", "CC-BY-NC-4.0")]),
    ("The original Mistral-7B was released under Apache 2.0, but this fine-tune is for non-commercial use only.",
     [("weights", NC)]),
    ("The base model is released under the Apache 2.0 license.", []),
    ("Our previous model was previously licensed under MIT.", []),
    ("This model is released under CC-BY-NC-4.0 instead of MIT.", [("weights", "CC-BY-NC-4.0")]),
    ("本模型不采用 MIT 协议。", []),
    ("- License: not MIT\n", []),
]

COMPONENTS = [
    ("The code is under MIT; the weights are under a research-only license.", [("code", "MIT"), ("weights", RO)]),
    ("The code is released under the MIT license, while the model weights are licensed under CC-BY-NC-4.0.",
     [("code", "MIT"), ("weights", "CC-BY-NC-4.0")]),
    ("The code is released under Apache 2.0 and the weights are released under the Llama 3.1 Community License.",
     [("code", "Apache-2.0"), ("weights", "llama3.1")]),
    ("While the code is MIT licensed, the weights are for research purposes only.", [("code", "MIT"), ("weights", RO)]),
    ("We release the code under MIT and the weights under CC-BY-NC-4.0.", [("code", "MIT"), ("weights", "CC-BY-NC-4.0")]),
    ("The inference code is licensed under Apache 2.0, whereas the checkpoints are released under CC-BY-NC-4.0.",
     [("code", "Apache-2.0"), ("weights", "CC-BY-NC-4.0")]),
    ("This model is trained on data licensed under CC-BY-4.0.", [("data", "CC-BY-4.0")]),
    ("The training data is available under CC-BY-NC-4.0.", [("data", "CC-BY-NC-4.0")]),
    ("The code and the model weights are released under the Apache 2.0 license.",
     [("code", "Apache-2.0"), ("weights", "Apache-2.0")]),
    ("The dataset, model and online demo is a research preview intended for non-commercial use only.",
     [("data", NC), ("weights", NC)]),
    ("This model is released under MIT and CC-BY-NC-4.0.", [("weights", "MIT"), ("weights", "CC-BY-NC-4.0")]),
    ("The model is licensed under the Apache License, Version 2.0.", [("weights", "Apache-2.0")]),
    ("代码采用 Apache-2.0 协议，模型权重仅供学术研究使用。", [("code", "Apache-2.0"), ("weights", RO)]),
    ("本模型采用 CC-BY-NC-4.0 许可证。", [("weights", "CC-BY-NC-4.0")]),
]

STRUCTURE = [
    ("| Component | License |\n|---|---|\n| Code | MIT |\n| Weights | CC BY-NC 4.0 |\n",
     [("code", "MIT"), ("weights", "CC-BY-NC-4.0")]),
    ("| License | Component |\n| --- | --- |\n| Apache-2.0 | Code |\n| CC-BY-NC-4.0 | Model weights |\n",
     [("code", "Apache-2.0"), ("weights", "CC-BY-NC-4.0")]),
    ("| Part | Size | License |\n|:--|--:|:--|\n| Training data | 2 TB | ODC-By |\n| Model | 7B | Apache 2.0 |\n",
     [("data", "ODC-By-1.0"), ("weights", "Apache-2.0")]),
    ("|  | Licence |\n|---|---|\n| Weights | Non-commercial use only |\n", [("weights", NC)]),
    ("| Property | Value |\n|---|---|\n| License | MIT |\n| Params | 7B |\n", [("weights", "MIT")]),
    ("| Model | Params | License |\n|---|---|---|\n| Other-7B | 7B | MIT |\n| **Our-13B** | 13B | CC-BY-NC-4.0 |\n",
     [("weights", "CC-BY-NC-4.0")]),  # repo org/Our-13B: only its own row
    ("| Model | License |\n|---|---|\n| Other-7B | MIT |\n", []),
    ("- Model weights: CC-BY-NC-4.0\n- Code: Apache 2.0\n", [("weights", "CC-BY-NC-4.0"), ("code", "Apache-2.0")]),
    ("* **Weights:** CC-BY-NC-4.0\n* **Code:** MIT\n", [("weights", "CC-BY-NC-4.0"), ("code", "MIT")]),
    ("**License:** Apache 2.0", [("weights", "Apache-2.0")]),
    ("- **License**: [CC BY-NC 4.0](https://creativecommons.org/licenses/by-nc/4.0/)",
     [("weights", "CC-BY-NC-4.0")]),
    ("License: MIT", [("weights", "MIT")]),
    ("Code license: Apache-2.0\nModel license: CC-BY-NC-4.0\n", [("code", "Apache-2.0"), ("weights", "CC-BY-NC-4.0")]),
    ("许可证：Apache-2.0", [("weights", "Apache-2.0")]),
    ("## License\n\n- Weights: CC-BY-NC-4.0\n- Code: MIT\n", [("weights", "CC-BY-NC-4.0"), ("code", "MIT")]),
    ("## License\n\ncc-by-sa-4.0\n", [("weights", "CC-BY-SA-4.0")]),
    ("### **License**\n[Llama-3.1 License](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE)\n",
     [("weights", "llama3.1")]),
    ("## License: MIT\n\nSome text.\n", [("weights", "MIT")]),
    ("## Code License\n\nApache-2.0\n", [("code", "Apache-2.0")]),
    ("- Model type: causal LM\n- LoRA rank: 32\n- Model: Llama 3 8B\n", []),
    ("```bash\necho 'License: MIT'\n```\n", []),
]

RESTRICTIONS = [
    ("Commercial use is prohibited.", [("weights", NC)]),
    ("## License\nThe model may not be used for commercial purposes.", [("weights", NC)]),
    ("This model is intended for RESEARCH/NON-COMMERCIAL USE ONLY.", [("weights", NC)]),
    ("For research purposes only.", [("weights", RO)]),
    ("The weights may only be used for research.", [("weights", RO)]),
    ("This dataset is for academic use only.", [("data", RO)]),
    ("The dataset is for non-commercial use only.", [("data", NC)]),
    ("Commercial use requires registration with the authors.", [("weights", UR)]),
    ("- **License:** Apache-2.0 license under the condition that the model is not used to compete with OpenAI",
     [("weights", "Apache-2.0"), ("weights", UR)]),
    ("本模型仅供研究使用，不可商用。", [("weights", RO), ("weights", NC)]),
    ("## License\n\nM3E models 使用的数据集中包括大量非商用的数据集，所以 M3E models 也是非商用的，仅供研究使用。",
     [("weights", NC), ("weights", RO)]),
    ("模型权重禁止用于商业用途。", [("weights", NC)]),
    ("数据集仅限学术研究使用。", [("data", RO)]),
    # lifted, contrasted or about something else: nothing
    ("This model is not restricted to non-commercial use.", []),
    ("The model is not limited to research purposes only.", []),
    ("Both commercial and non-commercial use are permitted.", []),
    ("我们标识了商用和非商用的数据集。", []),
    ("Skywork模型支持商业用途。", []),
    ("Since some non-commercial datasets are used for fine-tuning, we report results separately.", []),
    ("The original model was for research purposes only; this one is released under Apache 2.0.",
     [("weights", "Apache-2.0")]),
]

UNIDENTIFIED = [
    ("The weights are released under the Coqui Public Model License.", [("weights", "coqui-public-model-license")]),
    ("The weights are released under the Acme Public Model License.", [("weights", None)]),
    ("The usage of model weights must strictly follow [MiniCPM Model License.md](https://x).", [("weights", None)]),
    ("社区使用模型需要遵循《Skywork 模型社区许可协议》。", [("weights", None)]),
    ("- **License**: [Fair AI Public License 1.0-SD](https://freedevproject.org/faipl-1.0-sd/)",
     [("weights", "faipl-1.0-sd")]),  # not "Fair", an OSI license
    ("- **License**: [Fair AI Public License 2.0-XL](https://example.org/faipl-2.0/)", [("weights", None)]),
    ("| Component | License |\n|---|---|\n| Weights | MSFTResearch |\n", [("weights", None)]),
    # references and descriptions name no license
    ("This model is licensed under a custom license.", []),
    ("This model is released under the license below.", []),
    ("It uses the same license as the base model.", []),
    ("This model uses the Llama 3 tokenizer.", []),
    ("Codestral-22B is released under the `MNLP-0.1` license.", [("weights", "mnpl")]),
]


@pytest.mark.parametrize("body, expected", DENIALS + COMPONENTS + STRUCTURE + RESTRICTIONS + UNIDENTIFIED)
def test_prose_is_read_as_a_careful_person_reads_it(body, expected):
    assert read(body, repo="org/Our-13B") == expected


@pytest.mark.parametrize("body, expected", [
    ("The data is released under CC-BY-4.0.", [("data", "CC-BY-4.0")]),
    ("License: CC-BY-SA-4.0", [("data", "CC-BY-SA-4.0")]),
    ("For non-commercial research purposes only.", [("data", NC), ("data", RO)]),
])
def test_a_dataset_card_speaks_for_its_data(body, expected):
    assert read(body, default="data") == expected


def test_or_is_a_choice_kept_as_an_expression():
    found = prose_statements("All LoRAs are dual-licensed under [MIT LICENSE](LICENSE) or CreativeML Open RAIL-M.",
                             load_ruleset(), path="README.md", line_offset=1, default="weights", card=True)
    assert [(s.component, s.evidence.rule, s.evidence.expression) for s in found] == [
        ("weights", "MIT", "MIT OR LicenseRef-creativeml-openrail-m")]


def test_evidence_is_prose_with_span_and_sentence():
    found = prose_statements("# Card\n\nIntro.\n\n## License\n\nThe model is for research purposes only.\n",
                             load_ruleset(), path="README.md", line_offset=5, default="weights", card=True)
    (st,) = found
    ev = st.evidence
    assert (ev.source, ev.score, ev.rule, ev.path) == ("prose", 0.5, RO, "README.md")
    assert ev.span.start_line == 11 and ev.value == "The model is for research purposes only."
    assert st.kind == "restriction"


def test_license_files_and_headers_give_only_named_licenses():
    # files.py and headers.py read their sentences without card=True: an unidentified terms file stays unknown
    body = "ACME TERMS: research use only; no commercial use. Licensed under the Foo Model License."
    assert read(body, card=False) == []
    assert read("Licensed under the MIT license.", card=False) == [("weights", "MIT")]


@pytest.mark.parametrize("body, same, different", [
    ("This adapter uses the same license as the base model.", True, False),
    ("Released under the base model's license.", True, False),
    ("The license of the original model applies.", True, False),
    ("This model does not share its base model's license.", False, True),
    ("Unlike the base model's license, ours allows commercial use.", False, True),
    ("This model has a different license from the base model.", False, True),
    ("This is not the same license as the base model.", False, True),
    ("This adapter is MIT.", False, False),
])
def test_same_or_different_license_from_the_base(body, same, different):
    assert says_same_as_base(body) is same
    assert says_different_from_base(body) is different


def test_restriction_rules_are_data_and_never_claim_a_license_text():
    ruleset = load_ruleset()
    stated = [r for r in ruleset.rules if r.family == "stated-restriction"]
    assert {r.id for r in stated} == {NC, RO, UR}
    assert all(r.category == "custom-restricted" and r.spdx is None for r in stated)
    others = {phrase_words(p) for r in ruleset.rules if r.family != "stated-restriction"
              for p in (*r.match.titles, *r.match.phrases)}
    for rule in stated:
        assert rule.match.prose_only, rule.id  # the license-text matcher never reads these phrases
        assert not {phrase_words(p) for p in rule.match.phrases} & others, rule.id  # no sibling weights change
    text = "\n".join(p for r in stated for p in r.match.phrases) + "\n"  # every phrase at once
    assert not {m.rule_id for m in identify_text(text, ruleset)} & {NC, RO, UR}


def _weights(card: str):
    return classify_snapshot(snapshot(card), load_ruleset()).components.weights


def test_a_stated_restriction_decides_when_nothing_stronger_does():
    w = _weights("# M\n\n## License\n\nThe weights are for research purposes only.\n")
    assert w.category == "custom-restricted" and w.expression == "LicenseRef-stated-research-only"
    assert {o.kind for o in w.obligations} == {"research-only"}


def test_a_stated_restriction_joins_a_permissive_declaration():
    w = _weights("---\nlicense: mit\n---\n# M\nThis model is intended for non-commercial use only.\n")
    assert w.category == "custom-restricted"
    assert w.expression == "MIT AND LicenseRef-stated-non-commercial"


def test_a_denied_license_never_makes_the_verdict():
    w = _weights("# M\nThis model is not licensed under MIT.\n")
    assert (w.expression, w.category, w.licenses) == ("NOASSERTION", "unknown", ())  # no license: unknown, not MIT


@pytest.mark.parametrize("sentence, restricted", [
    ("Apache 2.0, but you cannot sell this model or offer it as a paid service.", True),
    ("The weights may not be resold; no resale of any kind.", True),
    ("You can sell products built with this model.", False),
])
def test_a_ban_on_selling_is_a_stated_restriction(sentence, restricted):
    w = _weights(f"---\nlicense: apache-2.0\n---\n# M\n\n## License\n\n{sentence}\n")
    assert (w.category == "custom-restricted") == restricted
    assert ("LicenseRef-stated-use-restriction" in w.expression) == restricted


def test_a_hidden_comment_in_the_card_is_still_read():
    w = _weights("---\nlicense: mit\n---\n# M\n\n<!-- License: CC-BY-NC-4.0 -->\n")
    assert w.category == "custom-restricted" and "CC-BY-NC-4.0" in w.expression
    w = _weights("---\nlicense: mit\n---\n# M\n\n<!--\nThe weights are for research use only.\n-->\n")
    assert w.expression == "MIT AND LicenseRef-stated-research-only"


def test_the_card_templates_comments_state_nothing():
    card = ("---\nlicense: mit\n---\n# M\n\n<!-- Provide a quick summary of what the model is/does. -->\n\n"
            "## Out-of-Scope Use\n\n<!-- This section addresses misuse, malicious use, and uses that the model will "
            "not work well for. -->\n\n- **License:** MIT\n")
    assert (_weights(card).category, _weights(card).expression) == ("osi-approved", "MIT")
