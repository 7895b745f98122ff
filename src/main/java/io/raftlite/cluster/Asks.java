package io.raftlite.cluster;

import io.raftlite.api.Completions;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** {@link AskPattern#ask}, answered on a plain future (see {@link Completions} for why). */
public final class Asks {
    private Asks() {
    }

    public static <Req, Res> CompletionStage<Res> ask(RecipientRef<Req> actor, Function<ActorRef<Res>, Req> messageFactory,
                                                      Duration timeout, Scheduler scheduler) {
        return Completions.direct(AskPattern.ask(actor, messageFactory::apply, timeout, scheduler));
    }
}
