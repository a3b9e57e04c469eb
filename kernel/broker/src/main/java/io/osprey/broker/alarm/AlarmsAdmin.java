package io.osprey.broker.alarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.AlarmService;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;

/** {@code ctl alarms list|history} and {@code GET /api/v4/alarms[?activated=true|false]}. */
public final class AlarmsAdmin implements Command, ApiResource {

    private final AlarmRegistry alarms;

    public AlarmsAdmin(AlarmRegistry alarms) {
        this.alarms = alarms;
    }

    @Override
    public String name() {
        return "alarms";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "alarms list                     Show active alarms",
                "alarms history                  Show recently deactivated alarms");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "list" : args.get(0);
        List<AlarmService.Alarm> list = switch (sub) {
            case "list" -> alarms.active();
            case "history" -> alarms.history();
            default -> throw new CommandException("Unknown command: alarms " + sub + "\n"
                    + String.join("\n", usage()));
        };
        List<List<?>> rows = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (AlarmService.Alarm a : list) {
            rows.add(List.of(a.name(), a.message(), io.osprey.broker.admin.Times.format(a.activatedAt())));
            data.add(alarms.json(a));
        }
        return CommandResult.table(List.of("NAME", "MESSAGE", "ACTIVATED_AT"), rows, data);
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/alarms", r -> {
            String activated = r.queryParam("activated");
            List<AlarmService.Alarm> list = new ArrayList<>();
            if (activated == null || activated.equals("true")) {
                list.addAll(alarms.active());
            }
            if (activated == null || activated.equals("false")) {
                list.addAll(alarms.history());
            }
            return list.stream().map(alarms::json).toList();
        }));
    }
}
