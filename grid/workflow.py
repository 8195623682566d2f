"""Status transitions of the grid app, as data (taijiang.core.workflow.Workflow)."""

from taijiang.core.workflow import Workflow

from .models import ImportBatch, Resident

RS = Resident.Status
RESIDENT_FLOW = Workflow(Resident.Status, {
    RS.ACTIVE: {RS.MOVED_OUT, RS.DECEASED, RS.LOST_CONTACT},
    RS.MOVED_OUT: {RS.ACTIVE, RS.DECEASED},  # moved back, or death recorded afterwards
    RS.LOST_CONTACT: {RS.ACTIVE, RS.MOVED_OUT, RS.DECEASED},
    RS.DECEASED: set(),  # final
})

IS = ImportBatch.Status
IMPORT_FLOW = Workflow(ImportBatch.Status, {
    IS.UPLOADED: {IS.CHECKED, IS.DISCARDED},
    IS.CHECKED: {IS.CHECKED, IS.APPLIED, IS.DISCARDED},  # a new mapping re-runs the dry run
    IS.APPLIED: set(),
    IS.DISCARDED: set(),
})
