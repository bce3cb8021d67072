"""Shell completion that quotes names with spaces (bash, zsh, fish).

click's own bash script inserts a completion as it is, so a name like ``Battle of X``
lands as several words; its fish script splits a completion at every comma. The
classes here replace click's for those shells: bash gets each name escaped
with backslashes (or bare inside a quote the user opened), fish gets names
split at the first comma only; zsh's ``compadd`` already quotes. Imported only
when the shell asks for completions.
"""

from __future__ import annotations

import os
import re

from click.shell_completion import (
    BashComplete,
    CompletionItem,
    FishComplete,
    ZshComplete,
    add_completion_class,
)

_BASH_SPECIAL = re.compile(r"""([\s'"\\$`!&;|<>()\[\]{}*?#~=%,^])""")

_SOURCE_BASH = """\
%(complete_func)s() {
    local IFS=$'\\n'
    local response

    response=$(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
COMP_CURRENT="${COMP_WORDS[COMP_CWORD]}" %(complete_var)s=bash_complete $1)

    for completion in $response; do
        IFS=',' read -r type value <<< "$completion"

        if [[ $type == 'dir' ]]; then
            COMPREPLY=()
            compopt -o dirnames
        elif [[ $type == 'file' ]]; then
            COMPREPLY=()
            compopt -o default
        elif [[ $type == 'plain' ]]; then
            COMPREPLY+=("$value")
        fi
    done

    return 0
}

%(complete_func)s_setup() {
    complete -o nosort -F %(complete_func)s %(prog_name)s
}

%(complete_func)s_setup;
"""

_SOURCE_FISH = """\
function %(complete_func)s;
    set -l response (env %(complete_var)s=fish_complete COMP_WORDS=(commandline -cp) \
COMP_CWORD=(commandline -t) %(prog_name)s);

    for completion in $response;
        set -l metadata (string split -m 1 "," -- $completion);

        if test $metadata[1] = "dir";
            __fish_complete_directories $metadata[2];
        else if test $metadata[1] = "file";
            __fish_complete_path $metadata[2];
        else if test $metadata[1] = "plain";
            echo $metadata[2];
        end;
    end;
end;

complete --no-files --command %(prog_name)s --arguments "(%(complete_func)s)";
"""


def bash_escape(value: str) -> str:
    """A word as bash reads it back: spaces and special characters escaped with backslashes."""
    return _BASH_SPECIAL.sub(r"\\\1", value)


class QuotingBashComplete(BashComplete):
    """Bash: each completion escaped, unless the word being completed opens a quote."""

    source_template = _SOURCE_BASH

    def format_completion(self, item: CompletionItem) -> str:
        """One completion as "type,value", a plain value escaped unless the word opens a quote."""
        current = os.environ.get("COMP_CURRENT", "")
        value = item.value
        if item.type == "plain" and not current.startswith(("'", '"')):
            value = bash_escape(value)
        return f"{item.type},{value}"


class QuotingFishComplete(FishComplete):
    """Fish: completions split at their first comma only (fish escapes spaces itself)."""

    source_template = _SOURCE_FISH


def register() -> None:
    """Put these classes in place of click's (zsh keeps click's: compadd quotes)."""
    add_completion_class(QuotingBashComplete, "bash")
    add_completion_class(QuotingFishComplete, "fish")
    add_completion_class(ZshComplete, "zsh")
