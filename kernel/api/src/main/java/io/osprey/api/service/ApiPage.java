package io.osprey.api.service;

import java.util.List;

/** A page of a long list: answered as {@code {"code":0,"data":[…],"meta":{"page":…,"limit":…,"count":…}}}. */
public record ApiPage(List<?> data, int page, int limit, long count) {
}
