#!/bin/sh
# diff_masterfiles.sh - every .cf file of CFEngine 3.21's masterfiles gets
# the same verdict from minicf-promises as from cf-promises -c, and the
# whole promises.cf is accepted. See diff_promises.sh.
here=$(dirname "$0")
exec sh "$here/diff_promises.sh" --masterfiles "${MASTERFILES:-/usr/share/cfengine3/masterfiles}"
