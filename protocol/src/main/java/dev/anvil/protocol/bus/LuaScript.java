package dev.anvil.protocol.bus;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A Lua script run by its SHA1, sent in full only when Redis does not know it (first use, or after a restart). */
public final class LuaScript {

  private final byte[] source;
  private final String sha;

  public LuaScript(String source) {
    this.source = source.getBytes(StandardCharsets.UTF_8);
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(this.source));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static LuaScript resource(String name) {
    try (var in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public <T> CompletionStage<T> run(RedisAsyncCommands<String, byte[]> redis, ScriptOutputType type, String[] keys,
      byte[]... args) {
    CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
    return bySha.handle((result, error) -> {
      if (error == null) {
        return CompletableFuture.completedStage(result);
      }
      var cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
      if (cause instanceof RedisNoScriptException) {
        CompletionStage<T> full = redis.eval(source, type, keys, args);
        return full;
      }
      return CompletableFuture.<T>failedStage(cause);
    }).thenCompose(stage -> stage);
  }
}
