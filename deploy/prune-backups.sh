#!/bin/sh
# prune-backups.sh FOLDER DAYS MONTHS: keep every backup of the last DAYS days and the first
# backup of each of the last MONTHS months; remove the other backup folders (named
# YYYY-MM-DDTHHMM by leitai-backup.service).
set -eu
folder=$1; days=$2; months=$3
cutoff=$(date -d "-$days days" +%Y-%m-%d)
month_cutoff=$(date -d "-$months months" +%Y-%m)
seen=""
for path in $(ls -d "$folder"/????-??-??T???? 2>/dev/null | sort); do
  name=$(basename "$path"); day=${name%%T*}; month=${day%-*}
  keep=no
  [ "$day" \> "$cutoff" ] || [ "$day" = "$cutoff" ] && keep=yes
  case " $seen " in *" $month "*) ;; *)
    seen="$seen $month"
    [ "$month" \> "$month_cutoff" ] && keep=yes ;;
  esac
  [ "$keep" = yes ] || rm -rf -- "$path"
done
