package chatroom.bench;

/**
 * What a run found.
 *
 * @param plan   what ran
 * @param target where the server was
 * @param limits the note on limits raised for the benchmark (in-process), or null
 * @param join   how joining went
 * @param flow   the message phase (fanout, latency, private), or null
 * @param probe  the capacity probe, or null
 * @param usage  CPU and memory over the measured stretch
 */
public record Results(Plan plan, String target, String limits, JoinStats join, FlowStats flow, ProbeStats probe,
        Usage usage) {

    /** Whether everything went as it should: all joined, nothing lost, duplicated, reordered or refused. */
    public boolean ok() {
        if (!join.complete()) return false;
        if (plan.workload() == Workload.CAPACITY) return probe != null && probe.received() == probe.receivers();
        return flow != null && flow.clean();
    }
}
