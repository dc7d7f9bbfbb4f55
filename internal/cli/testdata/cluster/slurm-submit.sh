#!/bin/bash
# Submits emergo study "cluster grid" (ID STUDYID) as 5 Slurm job arrays, one per
# dependency level (split at MaxArraySize), each starting after the one
# before has ended.
set -eu
j0=$(sbatch --parsable --array=0%3 /OUT/emergo.sbatch 0); j0=${j0%%;*}
j1=$(sbatch --parsable --array=1%3 --dependency=afterany:$j0 /OUT/emergo.sbatch 0); j1=${j1%%;*}
j2=$(sbatch --parsable --array=2-3%3 --dependency=afterany:$j1 /OUT/emergo.sbatch 0); j2=${j2%%;*}
j3=$(sbatch --parsable --array=0-1%3 --dependency=afterany:$j2 /OUT/emergo.sbatch 4); j3=${j3%%;*}
j4=$(sbatch --parsable --array=2%3 --dependency=afterany:$j3 /OUT/emergo.sbatch 4); j4=${j4%%;*}
echo "submitted job arrays $j0 $j1 $j2 $j3 $j4"
