package io.flafka.core.channel;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.util.List;

/**
 * The state machine a channel's transaction shares with every other: one direction per transaction (put
 * or take), {@code transactionCapacity} enforced, puts staged in the transaction (no lock) until commit,
 * attempt counters added once when the transaction completes instead of once per event, and a failed
 * commit rolled back. Subclasses say where staged events live and what commit, give-back and release do.
 *
 * <p>Used by one thread at a time (whichever source or sink thread began it); not bound to a thread.
 */
public abstract class StagedTransaction implements Transaction {
    /** The direction a transaction took with its first operation. */
    protected enum State { NEW, PUT, TAKE, DONE }

    private final String label;
    private final ChannelCounter counter;
    /** The channel's transactionCapacity. */
    protected final int limit;
    private State state = State.NEW;
    /** Events staged (put) or taken. */
    protected int count;
    /** Put or take attempts not yet counted. */
    protected long attempts;
    /** The caller's {@link #commit(Runnable)} callback, until it ran. */
    private Runnable onOrdered;

    /**
     * @param label how errors name the channel, e.g. {@code Memory channel 'c1'}
     * @param limit the channel's transactionCapacity
     */
    protected StagedTransaction(String label, ChannelCounter counter, int limit) {
        this.label = label;
        this.counter = counter;
        this.limit = limit;
    }

    /** Makes room for {@code needed} events in the transaction's arrays. */
    protected abstract void reserve(int needed);

    /** Stages one (non-null) put at index {@link #count}, then counts it. */
    protected abstract void stage(Event event);

    /** Makes the {@link #count} staged puts visible to takers; throws if they could not be committed. */
    protected abstract void commitPuts();

    /** Completes the {@link #count} takes for good; throws if they could not be committed. */
    protected abstract void commitTakes();

    /** Returns the {@link #count} (at least one) taken events to the channel, ahead of the others. */
    protected abstract void giveBack();

    /** Forgets the staged or taken events; called once, when the transaction completes. */
    protected abstract void release();

    @Override
    public final void put(Event event) {
        enter(State.PUT);
        attempts++;
        if (count >= limit) {
            throw overLimit("put", 1);
        }
        reserve(count + 1);
        stageChecked(event);
    }

    @Override
    public final void put(List<Event> batch) {
        enter(State.PUT);
        int n = batch.size();
        attempts += n;
        if (count + n > limit) {
            throw overLimit("put", n);
        }
        reserve(count + n);
        for (int i = 0; i < n; i++) {
            stageChecked(batch.get(i));
        }
    }

    private void stageChecked(Event event) {
        if (event == null) {
            throw new ChannelException(label + ": cannot put a null event");
        }
        stage(event);
    }

    @Override
    public final void commit() {
        commit(null);
    }

    @Override
    public final void commit(Runnable onOrdered) {
        State s = state;
        if (s == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        this.onOrdered = onOrdered;
        try {
            if (s == State.PUT && count > 0) {
                commitPuts();
                counter.add(ChannelCounter.PUT_SUCCESS, count);
            } else if (s == State.TAKE && count > 0) {
                commitTakes();
                counter.add(ChannelCounter.TAKE_SUCCESS, count);
            }
        } catch (RuntimeException e) {
            // a failed commit is rolled back, as the contract requires
            this.onOrdered = null;
            undo();
            throw e;
        }
        ordered();
        finish();
        release();
    }

    /**
     * Tells a {@link #commit(Runnable)} caller that this commit's place in the channel is fixed; a
     * channel whose commit then waits (for a disk) calls it before waiting. Runs the callback once.
     */
    protected final void ordered() {
        Runnable r = onOrdered;
        if (r != null) {
            onOrdered = null;
            r.run();
        }
    }

    @Override
    public final void rollback() {
        if (state == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        undo();
    }

    @Override
    public final void close() {
        if (state != State.DONE) {
            undo();
        }
    }

    private void undo() {
        State s = state;
        finish();
        if (s == State.TAKE && count > 0) {
            giveBack();
        }
        release();
    }

    /** Marks the transaction done and reports its attempts. */
    private void finish() {
        State s = state;
        state = State.DONE;
        if (attempts > 0) {
            counter.add(s == State.PUT ? ChannelCounter.PUT_ATTEMPT : ChannelCounter.TAKE_ATTEMPT, attempts);
            attempts = 0;
        }
    }

    /** Fixes the transaction's direction with its first operation; refuses the other direction. */
    protected final void enter(State wanted) {
        State s = state;
        if (s == wanted) {
            return;
        }
        if (s == State.NEW) {
            state = wanted;
            return;
        }
        if (s == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        throw new IllegalStateException("a " + s.name().toLowerCase() + " transaction cannot "
                + wanted.name().toLowerCase() + "; use one transaction per direction");
    }

    /** The direction so far. */
    protected final State state() {
        return state;
    }

    /** The error for an operation that would take the transaction past transactionCapacity. */
    protected final ChannelException overLimit(String op, int n) {
        return new ChannelException(label + ": cannot " + op + " " + n
                + " more event(s) in a transaction already holding " + count + "; transactionCapacity is " + limit
                + ". Commit more often, lower the batch size, or raise transactionCapacity");
    }
}
