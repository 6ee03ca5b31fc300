// Which distributions a command the image runs needs: a console script's distribution (`jupyter lab` →
// jupyterlab and the Jupyter stack, `celery` → celery, `mlflow` → mlflow), a module run with `python -m` or
// imported by a build step (`cv2` → opencv-python), and the command's own name, which is usually its distribution's.
import type { Stage } from '../../dockerfile/index.js';
import type { Project } from '../project.js';
import { buildStepImports, commandsRun } from './commands-run.js';
import { normalizeName } from './requirements.js';

/** The Jupyter stack: a notebook server needs all of it (server, kernel, front end), whichever part the command names. */
const JUPYTER = [
  'jupyter', 'jupyterlab', 'notebook', 'nbclassic', 'notebook-shim', 'jupyter-server', 'jupyterlab-server', 'jupyter-core', 'jupyter-client',
  'ipykernel', 'ipython', 'ipywidgets', 'nbconvert', 'nbformat', 'jupyterhub', 'jupyter-server-proxy', 'jupytext', 'voila',
];

/** Console scripts whose distribution is not the command's own name, or that need more than it. */
const BY_COMMAND: Record<string, string[]> = {
  jupyter: JUPYTER, 'jupyter-lab': JUPYTER, 'jupyter-notebook': JUPYTER, 'jupyter-server': JUPYTER, 'jupyterhub-singleuser': JUPYTER,
  'start-notebook.sh': JUPYTER, 'start-notebook.py': JUPYTER, 'start-singleuser.sh': JUPYTER, 'start-singleuser.py': JUPYTER,
  jupyterhub: JUPYTER, voila: JUPYTER, ipython: JUPYTER, 'ipython3': JUPYTER,
  mlflow: ['mlflow', 'mlflow-skinny'], 'django-admin': ['django'], airflow: ['apache-airflow'], dagit: ['dagit', 'dagster-webserver'],
  'dagster-webserver': ['dagster-webserver'], 'waitress-serve': ['waitress'], uwsgi: ['uwsgi', 'pyuwsgi'], fastapi: ['fastapi', 'fastapi-cli'],
  supervisord: ['supervisor'], supervisorctl: ['supervisor'], circusd: ['circus'], huey_consumer: ['huey'], 'huey-consumer': ['huey'],
  'torch-model-archiver': ['torch-model-archiver'], tensorboard: ['tensorboard'], 'dask-scheduler': ['distributed', 'dask'],
  'dask-worker': ['distributed', 'dask'], 'rq': ['rq'], 'rqworker': ['rq'], 'streamlit': ['streamlit'], 'gradio': ['gradio'],
  'panel': ['panel'], 'bokeh': ['bokeh'], 'chainlit': ['chainlit'], 'celery': ['celery'], 'flower': ['flower', 'celery'],
  'hypercorn': ['hypercorn'], 'daphne': ['daphne'], 'gunicorn': ['gunicorn'], 'uvicorn': ['uvicorn'], 'granian': ['granian'],
  'alembic': ['alembic'], 'pytest': ['pytest'], 'py.test': ['pytest'], 'locust': ['locust'], 'prefect': ['prefect'], 'ray': ['ray'],
  'sphinx-build': ['sphinx'], 'mkdocs': ['mkdocs'], 'pre-commit': ['pre-commit'], 'dvc': ['dvc'], 'kedro': ['kedro'],
};

/** Modules whose distribution has another name. */
const BY_MODULE: Record<string, string[]> = {
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'], PIL: ['pillow'],
  sklearn: ['scikit-learn'], yaml: ['pyyaml'], bs4: ['beautifulsoup4'], skimage: ['scikit-image'], dateutil: ['python-dateutil'],
  dotenv: ['python-dotenv'], jwt: ['pyjwt'], google: ['protobuf', 'google-cloud-storage', 'google-api-core'], attr: ['attrs'],
  jupyterlab: JUPYTER, notebook: JUPYTER, jupyter_server: JUPYTER, ipykernel: JUPYTER, IPython: JUPYTER, nbconvert: JUPYTER,
  spacy: ['spacy'], nltk: ['nltk'], magic: ['python-magic'], serial: ['pyserial'], Crypto: ['pycryptodome'], OpenSSL: ['pyopenssl'],
  psycopg2: ['psycopg2', 'psycopg2-binary'], MySQLdb: ['mysqlclient'], zmq: ['pyzmq'], git: ['gitpython'], fitz: ['pymupdf'],
  docx: ['python-docx'], pptx: ['python-pptx'], multipart: ['python-multipart'], faiss: ['faiss-cpu', 'faiss-gpu'],
  mlflow: ['mlflow', 'mlflow-skinny'], django: ['django'], flask: ['flask'], torch: ['torch'], tensorflow: ['tensorflow', 'tensorflow-cpu'],
};

/** The distributions a command needs (normalized names). */
export function commandDistributions(command: string): string[] {
  const base = command.replace(/^.*\//, '');
  return [...new Set([normalizeName(base.replace(/\.(py|sh)$/, '')), ...(BY_COMMAND[base] ?? [])])];
}

/** The distributions that provide a module (normalized names). */
export function moduleDistributions(module: string): string[] {
  return [...new Set([normalizeName(module), normalizeName(module.replace(/_/g, '-')), ...(BY_MODULE[module] ?? [])])];
}

/**
 * The distributions what the image runs needs, each with why: the commands its CMD/ENTRYPOINT/HEALTHCHECK and RUN
 * steps run (through `sh -c`, launchers and entry scripts), modules run with `python -m` or named in a runtime
 * command's arguments (`-k uvicorn.workers.UvicornWorker`, `app.main:app`), and what build steps' Python imports.
 */
export function distributionsInUse(p: Project, stages: Stage[]): Map<string, string> {
  const used = new Map<string, string>();
  const add = (names: string[], why: string) => {
    for (const n of names) if (!used.has(n)) used.set(n, why);
  };
  const runs = commandsRun(p, stages);
  for (const r of runs) {
    const where = `${r.runtime ? r.instr.keyword : 'a build step'} on line ${r.instr.line}${r.script ? ` (through ${r.script})` : ''}`;
    const w = r.cmd.words;
    add(commandDistributions(w[0] ?? r.cmd.name), `${where} runs ${r.cmd.name}`);
    if (r.cmd.name === 'jupyter' && w[1] && !w[1].startsWith('-')) add(commandDistributions(`jupyter-${w[1]}`), `${where} runs jupyter ${w[1]}`);
    const m = /^python[\d.]*$/.test(r.cmd.name) ? w.indexOf('-m') : -1;
    if (m !== -1 && w[m + 1]) add(moduleDistributions(w[m + 1]!.split('.')[0]!), `${where} runs python -m ${w[m + 1]}`);
    if (r.runtime) {
      // Arguments that name modules or commands: `-k uvicorn.workers.UvicornWorker`, `app.main:app`, `exec "$@"` targets.
      for (const x of w.slice(1)) if (/^[A-Za-z_][\w-]*(\.[A-Za-z_]\w*)*(:\w+)?$/.test(x)) add([...moduleDistributions(x.split(/[.:]/)[0]!), ...(BY_COMMAND[x] ?? [])], `${where} names ${x}`);
    }
  }
  for (const { module, line } of buildStepImports(p, runs)) add(moduleDistributions(module), `a build step on line ${line} imports ${module}`);
  return used;
}
