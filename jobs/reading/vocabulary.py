"""Words the matcher needs to know that are not catalogue content.

- AMBIGUOUS: skill names that are also ordinary English words (or a person's name). An alias
  that is one of these matches only as written, case included, and at the start of a sentence
  only beside another technical term; an alias of one or two characters ("R", "Go", "C") always
  needs another technical term beside it.
- TECH_TERMS: tools and terms common in ML postings. One the catalogue cannot map is reported
  as "seen but not mapped" (so editors can grow the catalogue); any of them nearby also supports
  an ambiguous name ("Go and Kubernetes").
- GENERIC: broad words that a skill's alias may be ("research", "monitoring", "machine learning");
  they name the skill only when the posting asks for it as a skill.
- NOT_TECH: capitalised or upper-case words of postings that are not tools.
"""


def _words(text: str) -> list[str]:
    return text.split()


AMBIGUOUS = frozenset(
    _words(
        """
    go r c d art react spark julia rust swift ruby dart elm chef puppet ray flask express next
    caret weka salt ant maven crystal pig hive beam storm dash excel word access sage prefect
    mode shiny vault consul nomad llama claude mistral falcon
    """
    )
)

#: Written as postings write them; "_" stands for a space. Matched as written, and in lower case
#: too when the term has a capital inside it (PyTorch, pytorch).
#: Broad words and phrases that are also skill aliases. They count only when asked for as a skill
#: ("experience with monitoring", "research skills"), never in a title or a team's name.
GENERIC = frozenset(
    _words(
        """
    algorithms research monitoring logging tracing alerting agents grounding notebooks containers
    dashboards orchestration experimentation fairness causality matrices derivatives gradients
    benchmarks evals scikit torch ml ai dl cv rl ts tf testing
    """
    )
) | {
    "machine learning",
    "data science",
    "artificial intelligence",
    "knowledge bases",
}

TECH_TERMS = tuple(
    term.replace("_", " ")
    for term in _words(
        """
    Python SQL NoSQL Scala Java Kotlin C++ C# Go Golang Rust TypeScript JavaScript Node.js
    Bash Julia MATLAB SAS Stata Tableau Looker PowerBI Power_BI Superset Metabase
    Spark PySpark Hadoop Hive Kafka Flink Apache_Beam Dataflow Airflow Dagster Prefect Luigi
    Kubeflow MLflow Weights_&_Biases W&B DVC LakeFS Feast Tecton Databricks Snowflake BigQuery
    Redshift Postgres PostgreSQL MySQL MongoDB Cassandra Redis Elasticsearch OpenSearch DynamoDB
    DuckDB Polars Dask Ray Pandas pandas NumPy SciPy scikit-learn XGBoost LightGBM CatBoost
    statsmodels PyMC Prophet TensorFlow Keras PyTorch JAX ONNX TensorRT Triton CUDA Numba Horovod
    DeepSpeed Megatron vLLM TGI Hugging_Face HuggingFace Transformers LangChain LlamaIndex
    LangGraph DSPy Haystack OpenAI Anthropic Bedrock Pinecone Weaviate Qdrant Milvus ChromaDB
    pgvector FAISS Docker Podman Kubernetes K8s Helm ArgoCD Argo_CD Terraform Pulumi
    CloudFormation Ansible Jenkins GitHub_Actions GitLab_CI CircleCI Prometheus Grafana Datadog
    OpenTelemetry Evidently Arize WhyLabs Seldon KServe BentoML SageMaker Vertex_AI AzureML AWS
    GCP Azure EC2 S3 EKS GKE AKS Linux Git Jupyter Streamlit Gradio FastAPI Flask Django
    React Vue gRPC GraphQL OpenCV YOLO spaCy NLTK Gensim BERT GPT LLM LLMs RAG LoRA QLoRA
    PEFT RLHF DPO OCR ETL ELT dbt Fivetran Airbyte Great_Expectations Delta_Lake Iceberg Parquet
    Kinesis Pub/Sub SQS Lakehouse Unity_Catalog MLOps LLMOps CI/CD Optuna Hyperopt Ray_Tune
    TFX Kubeflow_Pipelines SageMaker_Pipelines Weka caret Tecton MCP Ollama LiteLLM Guardrails
    """
    )
)

NOT_TECH = frozenset(
    _words(
        """
    a an and the or we you our your us it i in on of to for with at by as is are be this that
    usa us uk eu emea apac na ceo cto cfo coo cpo vp hr pto eeo eoe ada faq asap b2b b2c saas
    phd msc bsc ms bs ma ba mba llc inc ltd gmbh ag ai ml it ok etc e.g i.e ie eg tbd kpi kpis
    okr okrs roi p&l dei remote hybrid onsite usd eur gbp est pst cet utc q1 q2 q3 q4 ii iii iv
    """
    )
)
