package io.tern.smpp.pdu;

/** A response PDU, or generic_nack. Matched to its request by sequence_number (§2.6). */
public sealed interface PduResponse extends Pdu
        permits BindResp, UnbindResp,
        EnquireLinkResp, GenericNack, SubmitSmResp, DeliverSmResp, SubmitMultiResp, DataSmResp,
        QuerySmResp, CancelSmResp, ReplaceSmResp, BroadcastSmResp, QueryBroadcastSmResp,
        CancelBroadcastSmResp {
}
