package dev.rocketnest.mongo;

import java.util.ArrayDeque;
import java.util.Deque;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds a connection's replies to writes until {@link DurableCommits} has them on disk; later replies on the
 * same connection queue behind them, so the order stays as sent.
 */
final class DurableReplyGate extends ChannelOutboundHandlerAdapter {

    static final String NAME = "durable-replies";

    private record Held(Object message, ChannelPromise promise, long requiredCommit, long heldAt) {
    }

    private final DurableCommits commits;
    private final Deque<Held> held = new ArrayDeque<>();
    private ChannelHandlerContext context;

    DurableReplyGate(DurableCommits commits) {
        this.commits = commits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        Long required = ctx.channel().attr(DurableCommits.REQUIRED).getAndSet(null);
        long commit = required == null ? 0 : required;
        if (held.isEmpty() && commit <= commits.synced()) {
            ctx.write(message, promise);
            return;
        }
        held.add(new Held(message, promise, commit, System.nanoTime()));
        commits.waitFor(this);
    }

    /**
     * From any thread: sends what is now durable, on the connection's own thread ({@code afterFsync}: called by the
     * fsync that made it durable, whose delay to the reply is measured).
     */
    void release(boolean afterFsync) {
        context.executor().execute(() -> {
            long synced = commits.synced();
            long now = System.nanoTime();
            if (afterFsync) {
                commits.released(now);
            }
            while (!held.isEmpty() && held.peek().requiredCommit() <= synced) {
                Held next = held.poll();
                commits.replyHeld(now - next.heldAt());
                context.write(next.message(), next.promise());
            }
            context.flush();
            if (!held.isEmpty()) {
                commits.waitFor(this);
            }
        });
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        for (Held h : held) {
            ReferenceCountUtil.release(h.message());
        }
        held.clear();
        super.close(ctx, promise);
    }
}
