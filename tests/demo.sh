#!/bin/sh
# make demo: screens a few real names against the shipped lists.
BIN=${1:-build/embargo}
run() {
    printf '$ embargo'
    for a in "$@"; do case "$a" in *" "*) printf ' "%s"' "$a" ;; *) printf ' %s' "$a" ;; esac; done
    printf '\n'
    "$BIN" "$@" 2>/dev/null
    echo "(exit $?)"
    echo
}
run lists
run screen "Dmitry Pantus"
run screen "Дмитрий Пантус"
run screen --explain "Mohammed Reza Naserzadeh"
run screen "Sergey Lavrov"
run screen "Jane Q. Gardener"
run screen --type organization "STATE MILITARY-INDUSTRIAL COMMITTEE OF THE REPUBLIC OF BELARUS"
run compare "Vladimir Putin" "PUTIN, Vladimir Vladimirovich"
run compare "John Smith" "Ivan Petrov"
exit 0
