/**
 * What a session's shell is given: the start-up file that installs its hooks, and the files each
 * run is sourced from. Pure text, so the rules are tested without a shell.
 *
 * A run's command goes into a file that the shell `source`s, never typed into readline: heredocs,
 * `\` continuations and tabs reach the parser intact, `!` is not history-expanded, and `cd`,
 * `export`, functions and aliases stay in the shell, exactly as if the lines had been typed. The line
 * typed to start it begins with a space, so it stays out of history; the run's own text is put in
 * history instead (↑ brings it back).
 */

/**
 * The start-up file (`bash --rcfile`), with the session's nonce written into it (the file is 0600 in
 * a 0700 folder, so the nonce is never in any process's environment). Its other settings come from
 * the environment, which it cleans. Every hook turns `errexit` and `xtrace` off for itself (`local -`),
 * so a note's `set -e` or `set -x` neither ends the shell in a hook nor traces the markers.
 */
export function sessionRcfile(nonce: string): string {
  if (!/^[0-9a-f]{16,64}$/.test(nonce)) {
    throw new Error('sessionRcfile: the nonce must be hex');
  }
  return SESSION_RCFILE.replace('__CN_NONCE_VALUE__', nonce);
}

const SESSION_RCFILE = String.raw`# Course Notes session hooks
__cn_nonce=__CN_NONCE_VALUE__; __cn_dir=$__CN_DIR; __cn_rc=$__CN_BASHRC; __cn_kube=\${__CN_KUBE-}
if [ -n "\${__CN_ROWS-}" ]; then builtin command stty rows "$__CN_ROWS" cols "$__CN_COLS" 2>/dev/null; fi
unset __CN_DIR __CN_BASHRC __CN_ROWS __CN_COLS __CN_KUBE
if [ "$__cn_rc" = 1 ] && [ -r ~/.bashrc ]; then . ~/.bashrc; fi
unset __cn_rc
# A terminal bound to a kube context: kubectl in it talks to that context (an alias of ~/.bashrc
# would bypass the function, so it goes).
if [ -n "$__cn_kube" ]; then builtin unalias kubectl 2>/dev/null; function kubectl { command kubectl --context "$__cn_kube" "$@"; }; fi
if [ "$PS1" = '\s-\v\$ ' ]; then PS1='\[\e[2m\]\w\[\e[0m\] \$ '; fi
HISTCONTROL=ignorespace\${HISTCONTROL:+:$HISTCONTROL}
__cn_run=
__cn_d() {
  local -; set +ex
  local c=$PWD h=\${DOCKER_HOST-} x=\${DOCKER_CONTEXT-}
  case $c in *[[:cntrl:]]*) c= ;; esac
  h=\${h//[;[:cntrl:]]/}; x=\${x//[;[:cntrl:]]/}
  builtin printf '\e]6973;D;%s;%s;%s;%s;%s;%s\a' "$1" "$__cn_run" "$__cn_nonce" "$h" "$x" "$c"
  __cn_run=
}
__cn_prompt() { local s=$?; __cn_d "$s"; return $s; }
__cn_hook() {
  local -; set +ex
  case ";\${PROMPT_COMMAND-};" in
    *';__cn_prompt;'*) ;;
    *) PROMPT_COMMAND="__cn_prompt\${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
  esac
}
__cn_s() {
  local -; set +ex
  __cn_hook
  __cn_run=$1
  local t=
  IFS= builtin read -r -d '' t < "$__cn_dir/$1.h" || :
  builtin history -s -- "\${t%$'\n'}"
  builtin printf '\e]6973;S;%s;%s\a' "$1" "$__cn_nonce"
}
# After the run's file: the prompt hook back in place (a note may have replaced PROMPT_COMMAND), so
# the prompt's D marker ends the run; Ctrl+C skips this, and the prompt still ends it.
__cn_f() { local -; set +ex; __cn_hook; return "$1"; }
__cn_b() { local -; set +ex; builtin printf '\e]6973;B;%s;%s\a' "$1" "$__cn_nonce"; }
__cn_e() { local -; set +ex; builtin printf '\e]6973;E;%s;%s;%s\a' "$1" "$2" "$__cn_nonce"; return "$2"; }
__cn_hook
`.replaceAll('\\${', '${'); // String.raw keeps the backslash of `\${`, which only stops substitution here

/** A file a run is sourced from, and the line typed to source it. */
export interface RunFiles {
  /** What the shell sources. */
  readonly script: string;
  /** What goes into history. */
  readonly history: string;
}

/** The files of a run of one command line (as the note has it: continuations and heredocs whole). */
export function commandFiles(text: string): RunFiles {
  return { script: withNewline(text), history: withNewline(text) };
}

/**
 * The files of a block run: each step is announced, and its status reported after it; the first
 * failure returns from the sourced file, so the rest of the block does not run.
 */
export function blockFiles(run: string, steps: readonly string[]): RunFiles {
  const script = steps.map((step, i) => `__cn_b ${run}.${i + 1}\n${withNewline(step)}__cn_e ${run}.${i + 1} $? || builtin return $?\n`).join('');
  return { script, history: withNewline(steps.join('\n')) };
}

/** The line typed into the shell to run the files written for run `run` in `dir`. */
export function sourceLine(run: string, dir: string): string {
  return ` __cn_s ${run}; builtin source -- ${shellQuote(`${dir}/${run}`)}; __cn_f $?\r`;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
