#include "logstore/StoredRunEvent.h"

#include "core/RunEventCodec.h"

namespace necrocode {

std::optional<RunEvent> runEventAt(const LogStore &store, qsizetype row)
{
    const bool namesAService = store.fieldId(row, LogField::Service) != 0;
    const bool namesAnOperation = store.fieldId(row, LogField::Operation) != 0;
    if (!namesAService && !namesAnOperation && !store.extraJson(row).contains("\"event\""))
        return std::nullopt;
    return run_event_codec::read(store.extra(row));
}

} // namespace necrocode
