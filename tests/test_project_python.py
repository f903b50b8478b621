"""The Python reference extractor, shape by shape: each case is source -> exactly these references and findings.

A reference is "<kind> <repo id> <line>" ("~" after the line: a replaceable default); a finding
"<code> <line>". Hand-made sources only.
"""

from __future__ import annotations

import textwrap

import pytest

from license_scan.source.project.pyrefs import python_refs


def run(source: str) -> tuple[set[str], list[str]]:
    out = python_refs(textwrap.dedent(source).lstrip("\n"), "m.py")
    refs = {f"{h.kind} {h.repo_id} {h.location.line}{'' if h.location.resolved else '~'}" for h in out.hits}
    return refs, sorted(f"{f.code} {f.source.line}" for f in out.findings)


CASES = {
    # --- calls, literal ids -------------------------------------------------------------
    "from_pretrained of any class": ('AutoModel.from_pretrained("org/a")\nFooBar.from_pretrained("org/b")\n',
                                     {"model org/a 1", "model org/b 2"}, []),
    "from_pretrained keyword": ('AutoConfig.from_pretrained(pretrained_model_name_or_path="org/a")\n',
                                {"model org/a 1"}, []),
    "module attribute class": ('transformers.AutoModel.from_pretrained("org/a", revision="v1")\n', {"model org/a 1"}, []),
    "legacy ids": ('AutoModel.from_pretrained("gpt2")\nAutoTokenizer.from_pretrained("bert-base-uncased")\n',
                   {"model gpt2 1", "model bert-base-uncased 2"}, []),
    "pipeline positional model": ('pipeline("text-generation", "org/a")\n', {"model org/a 1"}, []),
    "pipeline keyword model and tokenizer": ('pipeline(task="fill-mask", model="org/a", tokenizer="org/t")\n',
                                             {"model org/a 1", "model org/t 1"}, []),
    "pipeline task alone is no repo": ('pipeline("sentiment-analysis")\n', set(), []),
    "pipeline model object is silent": ('m = AutoModel.from_pretrained("org/a")\npipeline("x", model=m)\n',
                                        {"model org/a 1"}, []),
    "hf_hub_download positional and kw": ('hf_hub_download("org/a", "f.bin")\nhf_hub_download(repo_id="org/b", filename="x")\n',
                                          {"model org/a 1", "model org/b 2"}, []),
    "repo_type dataset": ('snapshot_download("org/d", repo_type="dataset")\nhf_hub_download(repo_id="org/e", filename="x", repo_type="dataset")\n',
                          {"dataset org/d 1", "dataset org/e 2"}, []),
    "space is not a dependency": ('snapshot_download("org/s", repo_type="space")\n', set(), []),
    "api info calls": ('api.model_info("org/a")\napi.dataset_info("org/d")\n', {"model org/a 1", "dataset org/d 2"}, []),
    "sentence-transformers short name": ('SentenceTransformer("all-MiniLM-L6-v2")\nSentenceTransformer("bert-base-uncased")\n'
                                         'SentenceTransformer("org/st")\nCrossEncoder("org/ce")\n',
                                         {"model sentence-transformers/all-MiniLM-L6-v2 1", "model bert-base-uncased 2",
                                          "model org/st 3", "model org/ce 4"}, []),
    "load_dataset": ('load_dataset("org/d", "subset", split="train")\nload_dataset(path="squad")\n',
                     {"dataset org/d 1", "dataset squad 2"}, []),
    "packaged builders are not repos": ('load_dataset("json", data_files="a.json")\nload_dataset("csv")\nload_dataset("imagefolder")\n',
                                        set(), []),
    "data_files on the Hub": ('load_dataset("parquet", data_files={"train": "hf://datasets/org/d/train.parquet"})\n',
                              {"dataset org/d 1"}, []),
    "dataset helpers": ('get_dataset_config_names("org/d")\nload_dataset_builder("org/e")\n',
                        {"dataset org/d 1", "dataset org/e 2"}, []),
    "diffusers pipeline and lora": ('p = DiffusionPipeline.from_pretrained("org/sd")\np.load_lora_weights("org/lora")\n'
                                    'p.load_textual_inversion("org/ti")\n',
                                    {"model org/sd 1", "model org/lora 2", "model org/ti 3"}, []),
    "peft: base and adapter": ('base = AutoModelForCausalLM.from_pretrained("org/base")\n'
                               'model = PeftModel.from_pretrained(base, "org/adapter")\n'
                               'other = PeftModel.from_pretrained(base, model_id="org/adapter2")\n'
                               'auto = AutoPeftModelForCausalLM.from_pretrained("org/adapter3")\n',
                               {"model org/base 1", "model org/adapter 2", "model org/adapter2 3", "model org/adapter3 4"}, []),
    "load_adapter": ('model.load_adapter("org/adapter")\n', {"model org/adapter 1"}, []),
    "keyword names in any call": ('f(model_name_or_path="org/a")\ng(model_id="org/b")\nh(dataset_name="org/d")\n'
                                  'i(base_model="org/c")\nj(tokenizer_name="org/t")\nk(repo_id="org/r")\n',
                                  {"model org/a 1", "model org/b 2", "dataset org/d 3", "model org/c 4",
                                   "model org/t 5", "model org/r 6"}, []),
    "trainer model strings": ('SFTTrainer(model="org/a", train_dataset=ds)\nGRPOTrainer(model=m, reward_funcs=["org/rm", f])\n',
                              {"model org/a 1", "model org/rm 2"}, []),
    "vllm": ('LLM(model="org/a", tokenizer="org/t")\nLLM("org/b")\n', {"model org/a 1", "model org/t 1", "model org/b 2"}, []),
    "timm hf-hub prefix only": ('timm.create_model("hf-hub:org/vit")\ntimm.create_model("resnet50")\n', {"model org/vit 1"}, []),
    "timm with pretrained=True": ('timm.create_model("hf-hub:org/vit", pretrained=True)\n'
                                  'timm.create_model("hf_hub:org/old", pretrained=True)\n'
                                  'timm.create_model("resnet50", pretrained=True)\n', {"model org/vit 1", "model org/old 2"}, []),
    "inference client": ('InferenceClient("org/a")\nInferenceClient(model="org/b")\n'
                         'AsyncInferenceClient("org/c")\nInferenceClient("https://my-endpoint.example.com")\n',
                         {"model org/a 1", "model org/b 2", "model org/c 3"}, []),
    "hub urls": ('AutoModel.from_pretrained("https://huggingface.co/org/a")\n'
                 'AutoModel.from_single_file("https://huggingface.co/org/b/blob/main/m.safetensors")\n',
                 {"model org/a 1", "model org/b 2"}, []),
    # --- not dependencies ----------------------------------------------------------------
    "outputs": ('model.push_to_hub("org/out")\napi.create_repo(repo_id="org/new")\napi.upload_folder(repo_id="org/up", folder_path=".")\n'
                'trainer.push_to_hub(repo_id="org/x")\nModelCardData(base_model="org/card")\nTrainingArguments(hub_model_id="org/h")\n',
                set(), []),
    "local paths and files": ('AutoModel.from_pretrained("./out")\nAutoModel.from_pretrained("/abs/path")\n'
                              'AutoModel.from_pretrained("~/models/x")\nAutoModel.from_pretrained("runs/a/b/c")\n'
                              'AutoModel.from_single_file("model.safetensors")\nload_dataset("data/train.json")\n'
                              'AutoModel.from_pretrained(os.path.join(d, "final"))\nAutoModel.from_pretrained(Path(d) / "x")\n',
                              set(), []),
    "urls off the hub": ('AutoModel.from_pretrained("https://example.com/org/a")\n', set(), []),
    "prose": ('"""Uses AutoModel.from_pretrained("org/doc")."""\n# AutoModel.from_pretrained("org/comment")\n'
              'print("see org/printed")\nx = "org/unused"\n', set(), []),
    "unrelated model= keyword": ('client.chat.completions.create(model="openai/gpt-4o")\n', set(), []),
    # --- following values ------------------------------------------------------------------
    "module constant": ('MODEL = "org/a"\ndef f():\n    return AutoModel.from_pretrained(MODEL)\n', {"model org/a 3"}, []),
    "local variable": ('def f():\n    name = "org/a"\n    return AutoModel.from_pretrained(name)\n', {"model org/a 3"}, []),
    "chain of names": ('A = "org/a"\nB = A\nC: str = B\nAutoModel.from_pretrained(C)\n', {"model org/a 4"}, []),
    "f-string without placeholders": ('M = f"org/a"\nAutoModel.from_pretrained(M)\n', {"model org/a 2"}, []),
    "f-string of constants": ('ORG = "org"\nSIZE = "7b"\nAutoModel.from_pretrained(f"{ORG}/model-{SIZE}")\n',
                              {"model org/model-7b 3"}, []),
    "concatenation": ('ORG = "org"\nAutoModel.from_pretrained(ORG + "/m")\n', {"model org/m 2"}, []),
    "both branches": ('M = "org/a" if big else "org/b"\nAutoModel.from_pretrained(M)\n', {"model org/a 2", "model org/b 2"}, []),
    "reassigned": ('M = "org/a"\nif big:\n    M = "org/b"\nAutoModel.from_pretrained(M)\n', {"model org/a 4", "model org/b 4"}, []),
    "tuple unpacking": ('A, B = "org/a", "org/b"\nAutoModel.from_pretrained(B)\n', {"model org/b 2"}, []),
    "loop over a constant list": ('MODELS = ["org/a", "org/b"]\nfor m in MODELS:\n    AutoModel.from_pretrained(m)\n',
                                  {"model org/a 3", "model org/b 3"}, []),
    "comprehension": ('[AutoModel.from_pretrained(m) for m in ("org/a", "org/b")]\n', {"model org/a 1", "model org/b 1"}, []),
    "dict lookup": ('MODELS = {"s": "org/small", "l": "org/large"}\nAutoModel.from_pretrained(MODELS["s"])\n'
                    'AutoModel.from_pretrained(MODELS[size])\n',
                    {"model org/small 2", "model org/small 3", "model org/large 3"}, []),
    "str() around a constant": ('M = "org/a"\nAutoModel.from_pretrained(str(M))\n', {"model org/a 2"}, []),
    "shadowing parameter wins": ('M = "org/module"\ndef f(M):\n    return AutoModel.from_pretrained(M)\n',
                                 set(), ["ref-unresolved 3"]),
    "nested function sees the enclosing one": ('def f():\n    m = "org/a"\n    def g():\n        return AutoModel.from_pretrained(m)\n',
                                               {"model org/a 4"}, []),
    "class attribute is not seen from a method": ('class C:\n    M = "org/a"\n    def f(self):\n        return AutoModel.from_pretrained(M)\n',
                                                  set(), ["ref-unresolved 4"]),
    # --- defaults and unresolved ------------------------------------------------------------
    "environment default": ('M = os.environ.get("MODEL", "org/a")\nAutoModel.from_pretrained(M)\n',
                            {"model org/a 2~"}, ["ref-default-value 2"]),
    "getenv default": ('AutoModel.from_pretrained(os.getenv("MODEL", "org/a"))\n', {"model org/a 1~"}, ["ref-default-value 1"]),
    "environment without default": ('AutoModel.from_pretrained(os.environ["MODEL"])\nAutoModel.from_pretrained(os.getenv("M"))\n',
                                    set(), ["ref-unresolved 1", "ref-unresolved 2"]),
    "cli argument": ('args = parser.parse_args()\nAutoModel.from_pretrained(args.model)\n', set(), ["ref-unresolved 2"]),
    "cli argument or a fallback": ('AutoModel.from_pretrained(args.model or "org/a")\n',
                                   {"model org/a 1~"}, ["ref-default-value 1", "ref-unresolved 1"]),
    "function parameter": ('def load(name):\n    return AutoModel.from_pretrained(name)\n', set(), ["ref-unresolved 2"]),
    "parameter default": ('def load(name="org/a"):\n    return AutoModel.from_pretrained(name)\n',
                          {"model org/a 2~"}, ["ref-default-value 2"]),
    "parameter named like an id": ('def main(model_name_or_path: str = "org/a"):\n    pass\n',
                                   {"model org/a 1~"}, ["ref-default-value 1"]),
    "argparse default": ('p.add_argument("--model_name_or_path", type=str, default="org/a")\np.add_argument("--dataset", default="org/d")\n'
                         'p.add_argument("--lr", default="org/not")\n',
                         {"model org/a 1~", "dataset org/d 2~"}, ["ref-default-value 1", "ref-default-value 2"]),
    "click option default": ('@click.option("--model-id", default="org/a")\ndef main(model_id):\n    pass\n',
                             {"model org/a 1~"}, ["ref-default-value 1"]),
    "dataclass field defaults": ('@dataclass\nclass Args:\n    model_name_or_path: str = field(default="org/a")\n'
                                 '    dataset_name: str = "org/d"\n    other: str = "org/x"\n',
                                 {"model org/a 3~", "dataset org/d 4~"}, ["ref-default-value 3", "ref-default-value 4"]),
    "imported name": ('from config import MODEL\nAutoModel.from_pretrained(MODEL)\n', set(), ["ref-unresolved 2"]),
    "computed": ('AutoModel.from_pretrained(pick_model())\nAutoModel.from_pretrained("{}/{}".format(a, b))\n',
                 set(), ["ref-unresolved 1", "ref-unresolved 2"]),
    "f-string with a runtime placeholder": ('AutoModel.from_pretrained(f"org/{size}")\n', set(), ["ref-unresolved 1"]),
    "unknown name": ('AutoModel.from_pretrained(UNDEFINED)\n', set(), ["ref-unresolved 1"]),
    "object positions stay silent": ('SFTTrainer(model=model)\nPeftModel.from_pretrained(base, path)\n', set(), ["ref-unresolved 2"]),
    "a runtime value in a non-loader call is silent": ('Listing(repo_id=snapshot.repo_id)\nf(model_id=args.m)\n', set(), []),
    "a runtime value in a loader keyword is a finding": ('hf_hub_download(repo_id=self.meta.repo_id, filename="x")\n',
                                                         set(), ["ref-unresolved 1"]),
    "syntax error": ('def broken(:\n    AutoModel.from_pretrained("org/a")\n', set(), ["ref-file-unparsable 1"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_python_shape(name: str):
    source, refs, findings = CASES[name]
    assert run(source) == (refs, sorted(findings))


def test_location_is_the_argument_with_a_character_column():
    out = python_refs('x = "é"; AutoModel.from_pretrained("org/a")\n', "m.py")
    (hit,) = out.hits
    assert (hit.location.line, hit.location.column) == (1, 36)
    assert hit.location.how == "AutoModel.from_pretrained" and hit.location.file == "m.py"


def test_the_name_followed_is_recorded():
    out = python_refs('BASE = "org/a"\nAutoModel.from_pretrained(BASE)\n', "m.py")
    assert [h.location.via for h in out.hits] == ["BASE"]


def test_unresolved_finding_names_file_line_and_source():
    out = python_refs('import os\nAutoModel.from_pretrained(os.environ["HF_MODEL"])\n', "pkg/m.py")
    (finding,) = out.findings
    assert finding.source is not None and (finding.source.path, finding.source.line) == ("pkg/m.py", 2)
    assert "environment variable HF_MODEL" in finding.message and finding.severity == "info"


def test_a_cycle_of_names_ends():
    refs, findings = run('A = B\nB = A\nAutoModel.from_pretrained(A)\n')
    assert refs == set() and findings == ["ref-unresolved 3"]


def test_too_many_combinations_is_a_finding():
    source = "L = [" + ", ".join(f'"o/m{i}"' for i in range(10)) + "]\n" + \
        "for a in L:\n    for b in L:\n        AutoModel.from_pretrained(a + b)\n"
    refs, findings = run(source)
    assert refs == set() and findings == ["ref-unresolved 4"]
